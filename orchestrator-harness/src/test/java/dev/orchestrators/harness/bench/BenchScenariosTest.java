package dev.orchestrators.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.InMemoryQueue;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.runtime.Worker;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.samples.SampleFlows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The saga and router scenarios: what they run, what they send, and that the requests do what the report says. */
class BenchScenariosTest {
    private final InMemoryQueue queue = new InMemoryQueue();
    private final Worker worker = new Worker(sampleRegistry(), queue, OrchestratorContext.newBuilder()
            .delays(backOff -> CompletableFuture.completedFuture(null)).build());

    @Test
    @DisplayName("--quick runs the saga and router scenarios too, and warms the bench JVM up on their in-process flows")
    void shouldIncludeTheSagaAndRouterScenariosInQuickMode() {
        // given
        BenchCommand command = new BenchCommand();

        // when
        new CommandLine(command).parseArgs("--quick");
        List<Scenario> selected = command.scenarios.stream().map(Scenario::byLabel).toList();

        // then
        assertThat(command.scenarios).contains("saga_inmem", "saga_20ms", "router_inmem", "router_20ms");
        assertThat(BenchCommand.flowWarmUps(selected))
                .containsExactly(Scenario.LEAD_SYNC_INMEM, Scenario.SAGA_INMEM, Scenario.ROUTER_INMEM);
        assertThat(BenchCommand.flowWarmUps(List.of(Scenario.IDENTITY, Scenario.PLAIN_LOOP))).isEmpty();
    }

    @Test
    @DisplayName("the router scenarios load support_triage, measure its results and own its sub-flows' topics too")
    void shouldMeasureTheRouterOnItsOwnResultTopic() {
        assertThat(Scenario.ROUTER_INMEM.inputTopic("bench1")).isEqualTo("support_triage.requests");
        assertThat(Scenario.ROUTER_20MS.outputTopic("bench1")).isEqualTo("support_triage.results");
        assertThat(Scenario.ROUTER_INMEM.sharedTopicPrefixes())
                .containsExactly("support_triage.", "lead_intake.", "support_ticket.");
        assertThat(Scenario.SAGA_20MS.outputTopic("bench1")).isEqualTo("account_provisioning.results");
        assertThat(Scenario.IDENTITY.inputTopic("bench1")).isEqualTo("bench1.requests");
        assertThat(Scenario.IDENTITY.sharedTopicPrefixes()).isEmpty();
    }

    @Test
    @DisplayName("a router worker JVM runs the router and both sub-flows, paced at the target rate like lead_sync_20ms")
    void shouldStartTheRouterWorkerWithItsSubFlows() {
        // given
        WorkloadSpec spec = new WorkloadSpec("localhost:1", "at_least_once", 6, "bench9-router_20ms-alos",
                "support_triage.requests", "support_triage.results", Path.of("/tmp/bench9"), Map.of(), Map.of());

        // when
        List<String> command = new ChildProcessWorkload(spec, null, BenchFlow.ROUTER, 1, 20, List.of()).command(0);

        // then
        assertThat(String.join(" ", command)).contains("--flows support_triage,lead_intake,support_ticket")
                .contains("--sample-latency-ms 20");
        assertThat(ChildProcessWorkload.applicationId(spec.id(), "lead_intake")).isEqualTo("bench9-router_20ms-alos-lead_intake");
        assertThat(Scenario.ROUTER_20MS.pacedAtTargetRate()).isTrue();
    }

    @Test
    @DisplayName("one saga request in ten is plan legacy and ends FAILED after both compensations; the others provision")
    void shouldCompensateEveryTenthSagaRequest() throws Exception {
        for (int i = 0; i < 20; i++) {
            // when
            Envelope envelope = run(BenchFlow.SAGA, "b-" + i, i);

            // then
            if (i == 9 || i == 19) {
                assertThat(envelope.status()).as("request %d", i).isEqualTo(RunStatus.FAILED);
                assertThat(envelope.metadata().details()).containsKey("saga");
            } else {
                assertThat(envelope.status()).as("request %d", i).isEqualTo(RunStatus.OK);
            }
        }
    }

    @Test
    @DisplayName("the compensating share is spread evenly: none at 0%, every tenth at 10%, all at 100%")
    void shouldSpreadTheCompensatingShareEvenly() {
        java.util.function.IntFunction<List<Integer>> compensating = percent -> java.util.stream.IntStream.range(0, 100)
                .filter(i -> BenchFlow.compensates(i, percent)).boxed().toList();

        assertThat(compensating.apply(0)).isEmpty();
        assertThat(compensating.apply(10)).containsExactly(9, 19, 29, 39, 49, 59, 69, 79, 89, 99);
        assertThat(compensating.apply(25)).hasSize(25);
        assertThat(compensating.apply(100)).hasSize(100);
    }

    @Test
    @DisplayName("router requests alternate: a rule sends 'Pricing' to lead_intake, the classifier sends 'Cannot log in' to support_ticket")
    @SuppressWarnings("unchecked")
    void shouldRouteHalfByRuleAndHalfByTheClassifier() throws Exception {
        for (int i = 0; i < 4; i++) {
            // when
            Envelope envelope = run(BenchFlow.ROUTER, "b-" + i, i);

            // then
            Map<String, Object> route = (Map<String, Object>) envelope.metadata().details().get("route");
            assertThat(envelope.status()).as("request %d", i).isEqualTo(RunStatus.OK);
            assertThat(route.get("flow")).isEqualTo(i % 2 == 0 ? "lead_intake" : "support_ticket");
            assertThat(String.valueOf(route.get("reason")).contains("classifier")).isEqualTo(i % 2 == 1);
        }
    }

    @Test
    @DisplayName("lead_sync requests stay as they were: run id and lead id from the key")
    void shouldKeepTheLeadSyncRequest() {
        assertThat(new String(BenchFlow.LEAD_SYNC.request("b-7", 7, 10), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"run_id\":\"run-b-7\",\"payload\":{\"lead_id\":\"b-7\"}}");
    }

    @Test
    @DisplayName("a worker log summary counts ERROR and WARN lines, but not the expected ones, and keeps the first distinct ones")
    void shouldSummariseAWorkerLog() {
        String log = String.join("\n", "12:00:00.000 INFO OrchestratorRuntime - flow started",
                "12:00:01.000 WARN NetworkClient - metadata stale", "12:00:02.000 ERROR RunEngine - boom",
                "\tat dev.orchestrators.Foo.bar(Foo.java:1)", "12:00:03.000 WARN NetworkClient - metadata stale",
                "12:00:04.000 WARN StateDirectory - Using an OS temp directory in the state.dir property can cause failures");

        WorkerLogSummary summary = WorkerLogSummary.of(log);

        assertThat(summary.errors()).isEqualTo(1);
        assertThat(summary.warnings()).isEqualTo(2);
        assertThat(summary.first()).containsExactly("WARN NetworkClient - metadata stale", "ERROR RunEngine - boom");
        assertThat(WorkerLogSummary.of("12:00:00.000 INFO x - fine").clean()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private Envelope run(BenchFlow flow, String key, int index) throws Exception {
        JsonNode request = new ObjectMapper().readTree(flow.request(key, index, BenchFlow.DEFAULT_COMPENSATING_PERCENT));
        assertThat(request.get("run_id").asText()).isEqualTo("run-" + key);
        Map<String, Object> payload = new ObjectMapper().convertValue(request.get("payload"), Map.class);
        queue.enqueue(new Job(flow.entry(), Payload.of(payload), Instant.EPOCH));
        return worker.runOnce().orElseThrow();
    }

    private static Registry sampleRegistry() {
        Registry.Builder registry = Registry.newBuilder();
        SampleFlows.all(SampleEnvironment.immediate()).forEach(registry::register);
        return registry.build();
    }
}
