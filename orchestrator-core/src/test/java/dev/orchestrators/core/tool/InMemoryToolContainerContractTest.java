package dev.orchestrators.core.tool;

import dev.orchestrators.core.contract.ToolContainerContractTest;
import java.util.List;

/** {@link InMemoryToolContainer} keeps the {@link ToolContainer} contract. */
class InMemoryToolContainerContractTest extends ToolContainerContractTest {

    @Override
    protected ToolContainer newContainer(List<Tool> tools) {
        return InMemoryToolContainer.of(tools.toArray(Tool[]::new));
    }
}
