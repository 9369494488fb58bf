package dev.orchestrators.tools;

import dev.orchestrators.core.contract.ToolContainerContractTest;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolContainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The container {@link ConfiguredTools#over} makes (configured tools in front of a flow's samples) keeps the
 * {@link ToolContainer} contract: every other tool the contract gives is configured, the rest are samples.
 */
class ConfiguredToolsOverSamplesContractTest extends ToolContainerContractTest {
    private final List<ConfiguredTools> configured = new ArrayList<>();

    @Override
    protected ToolContainer newContainer(List<Tool> tools) {
        List<Tool> real = new ArrayList<>();
        List<Tool> samples = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            (i % 2 == 0 ? real : samples).add(tools.get(i));
        }
        ConfiguredTools made = ConfiguredToolsContractTest.configured(real);
        configured.add(made);
        return made.over(InMemoryToolContainer.of(samples.toArray(Tool[]::new)));
    }

    @AfterEach
    void closeConfigured() {
        configured.forEach(ConfiguredTools::close);
    }
}
