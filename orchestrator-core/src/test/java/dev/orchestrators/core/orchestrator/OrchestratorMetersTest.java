package dev.orchestrators.core.orchestrator;

import static dev.orchestrators.core.tool.Capability.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.coordinator.Coordinator;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.testing.FakeTool;
import dev.orchestrators.core.testing.RecordingDelays;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.core.tool.Tools;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The meters every orchestrator records when its context has a registry: runs and steps timed by status,
 * failed runs by failure class, tool calls by outcome and in flight, retries by back-off; never tagged with a run id.
 */
class OrchestratorMetersTest {
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final FakeTool crm = FakeTool.answering("crm", READ, call -> {
        clock.add(Duration.ofMillis(40)); // the CRM takes 40 ms to answer, on the registry's clock
        return Map.of("lead_id", call.requireString("lead_id"));
    });

    private Coordinator leadSync(Tool tool, Duration maxInMemoryBackoff) {
        OrchestratorContext context = OrchestratorContext.newBuilder()
                .tools(InMemoryToolContainer.of(tool))
                .delays(new RecordingDelays())
                .random(() -> 0.5)
                .meterRegistry(registry)
                .build();
        return Coordinator.newBuilder("lead_sync")
                .capabilities(READ)
                .retryPolicy(RetryPolicy.ofDefaults())
                .step(Steps.fetch("fetch_lead", tool.name(), payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"))
                .build(context);
    }

    private Coordinator leadSync(Tool tool) {
        return leadSync(tool, ExecutionOptions.UNLIMITED);
    }

    private static Payload lead(String runId) {
        return new Payload(runId, Map.of("lead_id", "L-1"));
    }

    @Test
    void shouldTimeEveryRunByFlowOrchestratorAndStatus() {
        // given
        Coordinator coordinator = leadSync(crm);

        // when
        coordinator.run(lead("run-1"));
        coordinator.execute(lead("run-2"), ExecutionOptions.forFlow("lead_sync_eu")).toCompletableFuture().join();

        // then
        var runs = registry.get("orchestrator.runs")
                .tags("flow", "lead_sync", "orchestrator", "lead_sync", "status", "OK").timer();
        assertThat(runs.count()).isEqualTo(1);
        assertThat(runs.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        assertThat(registry.get("orchestrator.runs").tags("flow", "lead_sync_eu", "status", "OK").timer().count())
                .isEqualTo(1);
    }

    @Test
    void shouldTimeEveryStepByOrchestratorStepAndStatus() {
        // given
        Coordinator coordinator = leadSync(crm);

        // when
        coordinator.run(lead("run-1"));
        coordinator.run(lead("run-2"));

        // then
        var steps = registry.get("orchestrator.steps")
                .tags("orchestrator", "lead_sync", "step", "fetch_lead", "status", "OK").timer();
        assertThat(steps.count()).isEqualTo(2);
        assertThat(steps.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(80.0);
    }

    @Test
    void shouldCountToolCallsByOutcomeAndTheirRetriesInMemory() {
        // given: the CRM fails transiently once, then answers
        crm.failTransiently(1);

        // when
        leadSync(crm).run(lead("run-1"));

        // then
        assertThat(registry.get("orchestrator.tool.calls").tags("tool", "crm", "outcome", "transient").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("orchestrator.tool.calls").tags("tool", "crm", "outcome", "ok").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("orchestrator.tool.retries").tags("tool", "crm", "backoff", "in_memory").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.find("orchestrator.failures").counters()).isEmpty();
    }

    @Test
    void shouldCountAFailedRunByFailureClassAndErrorType() {
        // given
        crm.failPermanently();

        // when
        leadSync(crm).run(lead("run-1"));

        // then
        assertThat(registry.get("orchestrator.runs").tags("status", "FAILED").timer().count()).isEqualTo(1);
        assertThat(registry.get("orchestrator.failures")
                .tags("flow", "lead_sync", "orchestrator", "lead_sync", "failure_class", "permanent").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("orchestrator.tool.calls").tags("tool", "crm", "outcome", "permanent").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("orchestrator.tool.retries").counters()).isEmpty();
    }

    @Test
    void shouldCountARetryHandedToTheRuntimeAsParkedAndRecordNoRunYet() {
        // given: a back-off longer than the run may wait in memory
        crm.failTransiently(1);
        Coordinator coordinator = leadSync(crm);

        // when
        assertThatThrownBy(() -> coordinator.execute(lead("run-1"),
                ExecutionOptions.forFlow("lead_sync").withMaxInMemoryBackoff(Duration.ofMillis(10))).toCompletableFuture().join())
                .hasCauseInstanceOf(RetryDeferredException.class);

        // then
        assertThat(registry.get("orchestrator.tool.retries").tags("tool", "crm", "backoff", "parked").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.find("orchestrator.runs").timers()).isEmpty();
    }

    @Test
    void shouldShowAToolCallInFlightUntilItAnswers() {
        // given: a tool whose answer the test gives
        CompletableFuture<ToolResult> answer = new CompletableFuture<>();
        Tool slow = Tools.async("crm", READ, call -> answer);
        CompletionStage<?> run = leadSync(slow).execute(lead("run-1"), ExecutionOptions.defaults());

        // when the call is out
        double inFlight = registry.get("orchestrator.tool.calls.in.flight").tags("tool", "crm").gauge().value();

        // then
        assertThat(inFlight).isEqualTo(1.0);

        // when it answers
        answer.complete(ToolResult.of(Map.of("lead_id", "L-1")));
        run.toCompletableFuture().join();

        // then
        assertThat(registry.get("orchestrator.tool.calls.in.flight").tags("tool", "crm").gauge().value()).isZero();
    }

    @Test
    void shouldCountCallsInFlightOfEveryContextThatSharesTheRegistry() {
        // given: two orchestrators built from separate contexts on one registry, each with a call out
        CompletableFuture<ToolResult> answer = new CompletableFuture<>();
        Tool slow = Tools.async("crm", READ, call -> answer);
        leadSync(slow).execute(lead("run-1"), ExecutionOptions.defaults());

        // when
        leadSync(slow).execute(lead("run-2"), ExecutionOptions.defaults());

        // then
        assertThat(registry.get("orchestrator.tool.calls.in.flight").tags("tool", "crm").gauge().value()).isEqualTo(2.0);
        answer.complete(ToolResult.of(Map.of("lead_id", "L-1")));
    }

    @Test
    void shouldNeverTagAMeterWithTheRunId() {
        // given
        crm.failTransiently(1);

        // when
        leadSync(crm).run(lead("run-4711"));

        // then
        List<String> tagValues = registry.getMeters().stream().map(Meter::getId)
                .flatMap(id -> id.getTags().stream()).map(Tag::getValue).toList();
        assertThat(tagValues).isNotEmpty().noneMatch(value -> value.contains("run-4711"));
    }

    @Test
    void shouldRecordNothingWithoutARegistry() {
        // given: a context without a registry
        OrchestratorContext context = OrchestratorContext.newBuilder().tools(InMemoryToolContainer.of(crm)).build();

        // when
        var envelope = Coordinator.newBuilder("lead_sync").capabilities(READ)
                .step(Steps.fetch("fetch_lead", "crm", payload -> Map.of("lead_id", payload.get("lead_id")), "lead_id"))
                .build(context).run(lead("run-1"));

        // then
        assertThat(envelope.status()).isEqualTo(RunStatus.OK);
        assertThat(context.meterRegistry()).isEmpty();
        assertThat(registry.getMeters()).isEmpty();
    }
}
