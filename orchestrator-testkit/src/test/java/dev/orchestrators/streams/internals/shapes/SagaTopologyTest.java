package dev.orchestrators.streams.internals.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.Tools;
import dev.orchestrators.samples.AccountProvisioningSample;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.testkit.FlowTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The saga's topology: steps, compensation commands on their topic, the compensator, saga state. */
class SagaTopologyTest {
    private static final String FLOW = AccountProvisioningSample.FLOW;
    private final SampleEnvironment env = SampleEnvironment.immediate();
    private final ManualTime time = ManualTime.startingAt(Instant.parse("2026-03-01T08:00:00Z"));
    private final FlowTestDriver saga = FlowTestDriver.newBuilder(AccountProvisioningSample.flow(env)).time(time).build();

    @AfterEach
    void close() {
        saga.close();
    }

    private void provision(String account, String runId, String plan) {
        saga.send(account, "{\"run_id\":\"" + runId + "\",\"payload\":{\"account_id\":\"" + account
                + "\",\"email\":\"" + account.toLowerCase() + "@acme.example\",\"plan\":\"" + plan + "\"}}");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sagaSteps(Envelope envelope) {
        return (List<Map<String, Object>>) ((Map<String, Object>) envelope.metadata().details().get("saga")).get("steps");
    }

    @Test
    void shouldAnswerASagaWhoseStepsAllSucceedWithoutCompensating() {
        // when
        provision("A-1", "run-1", "team");

        // then
        Envelope envelope = saga.results().readValue();
        assertThat(envelope.status()).isEqualTo(RunStatus.OK);
        assertThat(sagaSteps(envelope)).extracting(s -> s.get("status")).containsOnly("done");
        assertThat(saga.topic(TopicNames.compensations(FLOW)).isEmpty()).isTrue();
        assertThat(env.systems().performed()).isEqualTo(3);
    }

    @Test
    void shouldCompensateTheCompletedStepsInReverseThroughTheCompensationTopic() {
        // when the third step fails (plan legacy has no mailbox)
        provision("A-2", "run-2", "legacy");

        // then the commands went to the compensation topic, last step first, keyed like the request
        List<KeyValue<String, String>> commands = saga.topic(TopicNames.compensations(FLOW)).readKeyValuesToList();
        assertThat(commands).extracting(kv -> kv.key).containsOnly("A-2");
        assertThat(commands).extracting(kv -> kv.value).satisfiesExactly(
                first -> assertThat(first).contains("\"step\":\"grant_access\"").contains("\"tool\":\"access_revoke\""),
                second -> assertThat(second).contains("\"step\":\"create_crm_record\"").contains("\"tool\":\"crm_delete\""));
        // and the compensator ran them: one final envelope, FAILED with the failing step's error
        Envelope envelope = saga.results().readValue();
        assertThat(saga.results().isEmpty()).isTrue();
        assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
        assertThat(envelope.metadata().error().type()).isEqualTo("PlanUnsupported");
        assertThat(envelope.metadata().error().step()).isEqualTo("create_mailbox");
        assertThat(sagaSteps(envelope)).extracting(s -> s.get("step"), s -> s.get("status")).containsExactly(
                tuple("create_crm_record", "undone"), tuple("grant_access", "undone"), tuple("create_mailbox", "failed"));
        assertThat(env.systems().crmRecords()).isEmpty();
        assertThat(env.systems().accessGrants()).isEmpty();
        assertThat(saga.store(SagaShape.stateStore(FLOW)).get("run-2")).isNull();
        assertThat(saga.audit().readValuesToList()).filteredOn(r -> r.kind() == AuditKind.COMPENSATION || r.kind() == AuditKind.ENVELOPE)
                .extracting(AuditRecord::kind, AuditRecord::subject)
                .containsExactly(tuple(AuditKind.COMPENSATION, "grant_access"), tuple(AuditKind.COMPENSATION, "create_crm_record"),
                        tuple(AuditKind.ENVELOPE, null));
    }

    @Test
    void shouldKeepALaterRequestOfTheSameKeyBehindASagaThatIsStillCompensating() {
        // given tools that answer only after 50 ms
        SampleEnvironment slow = SampleEnvironment.withLatency(Duration.ofMillis(50));
        try (FlowTestDriver slowSaga = FlowTestDriver.newBuilder(AccountProvisioningSample.flow(slow)).build()) {
            slowSaga.send("A-3", "{\"run_id\":\"first\",\"payload\":{\"account_id\":\"A-3\",\"email\":\"a@b.example\",\"plan\":\"legacy\"}}");
            slowSaga.send("A-3", "{\"run_id\":\"second\",\"payload\":{\"account_id\":\"A-3\",\"email\":\"a@b.example\",\"plan\":\"team\"}}");

            // when time passes until both are answered
            List<String> answered = new java.util.ArrayList<>();
            for (int i = 0; i < 400 && answered.size() < 2; i++) {
                slowSaga.tickAndRead(Duration.ofMillis(20)).forEach(kv -> answered.add(kv.value.runId()));
                sleep(20);
            }

            // then the second run of the key was answered after the first's compensation had finished
            assertThat(answered).containsExactly("first", "second");
        }
    }

    @Test
    void shouldNotRepeatAStepAResumedRunHadAlreadyPerformed() {
        // given a two-step saga whose second step fails transiently once, with a back-off the engine waits out
        // durably (the request is parked in the pending store and restarted from its first step)
        AtomicInteger created = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        Flow twoSteps = Flow.newBuilder("two_steps").tools(InMemoryToolContainer.of(
                        Tools.inMemory("create", Capability.WRITE, call -> Map.of("id", "c-" + created.incrementAndGet())),
                        Tools.inMemory("undo", Capability.WRITE, call -> Map.of()),
                        Tools.inMemory("grant", Capability.WRITE, call -> {
                            if (granted.incrementAndGet() == 1) {
                                throw new TransientException("grant service busy");
                            }
                            return Map.of("id", "g-1");
                        })))
                .orchestrator(ctx -> Saga.newBuilder("two_steps")
                        .step(Executor.newBuilder("create").compensator("undo").build(ctx))
                        .step(Executor.newBuilder("grant").retryPolicy(RetryPolicy.newBuilder().maxAttempts(2)
                                .initialDelay(Duration.ofSeconds(30)).maxDelay(Duration.ofSeconds(30)).jitter(0).build()).build(ctx))
                        .build(ctx))
                .build();
        try (FlowTestDriver driver = FlowTestDriver.newBuilder(twoSteps).time(time).build()) {
            driver.send("k", "{\"run_id\":\"run-5\",\"payload\":{}}");
            assertThat(driver.results().isEmpty()).isTrue(); // parked for 30 s

            // when the back-off is over
            List<KeyValue<String, Envelope>> out = driver.tickAndRead(Duration.ofSeconds(31));

            // then the resumed run found step one in the ledger and did not create a second record
            assertThat(out).singleElement().satisfies(kv -> {
                assertThat(kv.value.status()).isEqualTo(RunStatus.OK);
                assertThat(kv.value.records().get(0).provenance()).extracting(p -> p.action()).contains("performed_earlier");
            });
            assertThat(created.get()).isEqualTo(1);
            assertThat(granted.get()).isEqualTo(2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
