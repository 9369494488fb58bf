package dev.orchestrators.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.streams.RuntimeHealth.FlowHealth;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** Liveness and readiness from the Kafka Streams states of a runtime's flows. */
class RuntimeHealthTest {

    @Test
    void shouldBeReadyOnlyOnceRunningAndStayReadyThroughALaterRebalance() {
        assertThat(FlowHealth.of(State.CREATED, false)).isEqualTo(new FlowHealth("CREATED", true, false));
        assertThat(FlowHealth.of(State.REBALANCING, false)).as("start-up").isEqualTo(new FlowHealth("REBALANCING", true, false));
        assertThat(FlowHealth.of(State.RUNNING, true)).isEqualTo(new FlowHealth("RUNNING", true, true));
        assertThat(FlowHealth.of(State.REBALANCING, true)).as("after running").isEqualTo(new FlowHealth("REBALANCING", true, true));
    }

    @Test
    void shouldBeNeitherLiveNorReadyOnceTheStreamThreadsAreGone() {
        for (State gone : new State[] {State.PENDING_ERROR, State.ERROR, State.NOT_RUNNING}) {
            assertThat(FlowHealth.of(gone, true)).as(gone.name()).isEqualTo(new FlowHealth(gone.name(), false, false));
        }
    }

    @Test
    void shouldStayLiveButNotReadyWhileShuttingDownOnPurpose() {
        assertThat(FlowHealth.of(State.PENDING_SHUTDOWN, true)).isEqualTo(new FlowHealth("PENDING_SHUTDOWN", true, false));
    }

    @Test
    void shouldBeLiveAndReadyOnlyWhenEveryFlowIs() {
        FlowHealth running = FlowHealth.of(State.RUNNING, true);
        FlowHealth starting = FlowHealth.of(State.REBALANCING, false);
        FlowHealth failed = FlowHealth.of(State.ERROR, true);

        assertThat(RuntimeHealth.of(Map.of("a", running, "b", running))).extracting(RuntimeHealth::live, RuntimeHealth::ready)
                .containsExactly(true, true);
        assertThat(RuntimeHealth.of(Map.of("a", running, "b", starting))).extracting(RuntimeHealth::live, RuntimeHealth::ready)
                .containsExactly(true, false);
        assertThat(RuntimeHealth.of(Map.of("a", running, "b", failed))).extracting(RuntimeHealth::live, RuntimeHealth::ready)
                .containsExactly(false, false);
        assertThat(RuntimeHealth.of(Map.of())).as("no flow yet").extracting(RuntimeHealth::live, RuntimeHealth::ready)
                .containsExactly(true, false);
    }
}
