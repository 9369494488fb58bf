package dev.orchestrators.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the driver does besides running the topology: where it keeps its state, and that it leaves none behind. */
class FlowTestDriverTest {
    private final FakeTool echo = FakeTool.answering("echo", Capability.READ, call -> Map.of("id", call.argument("id")));
    private final Flow flow = Flow.newBuilder("echo")
            .tools(InMemoryToolContainer.of(echo))
            .orchestrator(ctx -> Coordinator.newBuilder("echo")
                    .capabilities(Capability.READ)
                    .step(Steps.fetch("fetch", "echo", p -> Map.of("id", p.get("id")), "id"))
                    .build(ctx))
            .build();

    @Test
    void shouldKeepItsStateInTheGivenDirectoryAndDeleteItWhenClosed(@TempDir Path parent) throws IOException {
        // given
        FlowTestDriver driver = FlowTestDriver.newBuilder(flow).stateDirectory(parent).build();
        driver.send("k", "r-1", "id", "7");
        assertThat(driver.results().readValue().status()).isEqualTo(RunStatus.OK);
        assertThat(entries(parent)).as("the driver's state directory").hasSize(1);

        // when
        driver.close();

        // then
        assertThat(entries(parent)).isEmpty();
    }

    @Test
    void shouldKeepItsStateInMavensBuildDirectoryByDefault() {
        // the tests of this module run in it, as a user's do in theirs
        assertThat(StateDirectory.defaultParent()).isEqualTo(Path.of("target", "flow-test-driver"));
    }

    private static java.util.List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
