package dev.orchestrators.core.kinds.coordinator;

import static dev.orchestrators.core.tool.Capability.READ;
import static dev.orchestrators.core.tool.Capability.SEND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.monitoring.RecordingMonitoring;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The monitoring events a coordinator emits: start, one per step, then success or error, all with the run id. */
class CoordinatorMonitoringTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Payload PAYLOAD = new Payload("run-1", Map.of("lead_id", "L-1"));

    private final RecordingMonitoring monitoring = new RecordingMonitoring();
    private final FakeTool crm = FakeTool.returning("crm", READ, Map.of("lead_id", "L-1"));

    private Coordinator coordinator(Step second, Tool... tools) {
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tools))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .delays(new RecordingDelays())
                .monitoring(monitoring)
                .random(() -> 0.5)
                .build();
        return Coordinator.newBuilder("lead_sync")
                .capabilities(READ)
                .requirePayloadFields("lead_id")
                .step(Steps.fetch("fetch_lead", "crm", payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"))
                .step(second)
                .build(context);
    }

    private static Step passThrough(String name) {
        return Steps.of(name, (ctx, input) -> CompletableFuture.completedFuture(StepOutcome.proceed(input)));
    }

    @Test
    void shouldEmitStartEachStepAndSuccessWithTheRunId() {
        // given
        Coordinator coordinator = coordinator(passThrough("normalise"), crm);

        // when
        coordinator.run(PAYLOAD);

        // then
        assertThat(monitoring.namesFor("run-1")).containsExactly(
                "orchestrator.start", "orchestrator.step.fetch_lead", "orchestrator.step.normalise", "orchestrator.success");
        List<MonitoringEvent> events = monitoring.events();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.runId()).isEqualTo("run-1");
            assertThat(e.orchestrator()).isEqualTo("lead_sync");
            assertThat(e.at()).isEqualTo(T0);
        });
        assertThat(events.get(0).attributes()).containsEntry("attempt", 1).containsEntry("flow", "lead_sync");
        assertThat(events.get(1).attributes()).containsEntry("status", "OK").containsEntry("attempts", 1);
        assertThat(events.get(2).attributes()).containsEntry("status", "OK").containsEntry("attempts", 0);
        assertThat(events.get(3).attributes()).containsEntry("status", "OK");
    }

    @Test
    void shouldEmitErrorWithTheFailureTypeWhenAStepFails() {
        // given
        crm.failPermanently();
        Coordinator coordinator = coordinator(passThrough("normalise"), crm);

        // when
        coordinator.run(PAYLOAD);

        // then
        assertThat(monitoring.namesFor("run-1")).containsExactly(
                "orchestrator.start", "orchestrator.step.fetch_lead", "orchestrator.error");
        MonitoringEvent step = monitoring.events().get(1);
        assertThat(step.attributes()).containsEntry("status", "FAILED").containsEntry("error_type", "BadRequest");
        MonitoringEvent error = monitoring.events().get(2);
        assertThat(error.runId()).isEqualTo("run-1");
        assertThat(error.attributes()).containsEntry("status", "FAILED").containsEntry("error_type", "BadRequest");
    }

    @Test
    void shouldReportARefusedToolCallAsOneFailedStepEvent() {
        // given
        FakeTool mailer = FakeTool.returning("mailer", SEND, Map.of());
        Step notify = Steps.of("notify", (ctx, input) -> ctx.call("mailer", Map.of()).thenApply(done -> StepOutcome.proceed(input)));
        Coordinator coordinator = coordinator(notify, crm, mailer);

        // when
        coordinator.run(PAYLOAD);

        // then
        assertThat(monitoring.namesFor("run-1")).endsWith("orchestrator.step.notify", "orchestrator.error");
        assertThat(monitoring.events()).filteredOn(e -> e.name().equals("orchestrator.step.notify"))
                .singleElement().satisfies(e -> assertThat(e.attributes()).containsEntry("status", "FAILED")
                        .containsEntry("error_type", "CapabilityDenied"));
        assertThat(monitoring.events().get(monitoring.events().size() - 1).attributes())
                .containsEntry("error_type", "CapabilityDenied");
    }

    @Test
    void shouldEmitErrorForAnInvalidPayloadWithoutRunningAnyStep() {
        // given
        Coordinator coordinator = coordinator(passThrough("normalise"), crm);

        // when
        coordinator.run(new Payload("run-2", Map.of()));

        // then
        assertThat(monitoring.namesFor("run-2")).doesNotContain("orchestrator.step.fetch_lead").endsWith("orchestrator.error");
        assertThat(monitoring.events().get(monitoring.events().size() - 1).attributes())
                .containsEntry("error_type", "InvalidPayload");
    }
}
