package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.kinds.executor.Executor;
import dev.orchestrators.samples.IdempotencyStore;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The saga on a real broker, with the sample systems' idempotency ledger in a directory the worker processes
 * share (as an external CRM keeps its own): a failing third step leads to both compensations, each performed
 * exactly once, also when the worker is killed with SIGKILL while it compensates; the replacement resumes the
 * saga from its changelogged state and answers with one final envelope.
 */
@Timeout(240)
class SagaIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String FLOW = "account_provisioning";
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @RegisterExtension
    final WorkerProcesses processes = new WorkerProcesses();

    @Test
    @SuppressWarnings("unchecked")
    void shouldUndoBothCompletedStepsExactlyOnceWhenTheWorkerIsKilledWhileCompensating() throws Exception {
        // given a worker whose sample tools take 1.5 s a call, so a compensation is in flight for a while
        Path ledger = Files.createTempDirectory("saga-it-ledger-");
        Workers workers = Workers.of(broker.bootstrapServers(), "exactly_once_v2", "saga-" + UUID.randomUUID() + "-")
                .flows(FLOW).withSampleLatencyMs(1_500).with(SampleEnvironment.LEDGER_DIR + "=" + ledger);
        WorkerProcess first = processes.track(workers.start("worker-1"));
        eventually(PATIENCE).failFast(() -> !first.isAlive()).until(first::isRunning);
        try (Requests requests = Requests.to(broker.bootstrapServers(), FLOW);
             TopicReader<String> commands = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.compensations(FLOW), new StringDeserializer());
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results(FLOW), JsonSerde.envelope().deserializer());
             TopicReader<AuditRecord> audit = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.AUDIT, JsonSerde.auditRecord().deserializer())) {
            requests.publish("A-9", "{\"run_id\":\"saga-run\",\"payload\":{\"account_id\":\"A-9\",\"email\":\"a9@acme.example\","
                    + "\"plan\":\"legacy\"}}");

            // when: the compensation commands are committed (the first compensator call is under way), the worker dies
            eventually(PATIENCE).until(() -> commands.poll().size() >= 2);
            assertThat(results.poll()).as("not answered before the kill").isEmpty();
            first.kill();
            WorkerProcess second = processes.track(workers.start("worker-2"));
            eventually(PATIENCE).failFast(() -> !second.isAlive()).until(() -> !results.poll().isEmpty());
            eventually(Duration.ofSeconds(20)).until(results::caughtUp);

            // then one final envelope, FAILED at the third step, with both completed steps undone
            List<ConsumerRecord<String, Envelope>> answered = results.poll();
            assertThat(answered).hasSize(1);
            Envelope envelope = answered.get(0).value();
            assertThat(envelope.status()).isEqualTo(RunStatus.FAILED);
            assertThat(envelope.metadata().error().step()).isEqualTo("create_mailbox");
            Map<String, Object> saga = (Map<String, Object>) envelope.metadata().details().get("saga");
            assertThat(saga).containsEntry("compensated", true);
            assertThat((List<Map<String, Object>>) saga.get("steps")).extracting(s -> s.get("step") + "=" + s.get("status"))
                    .containsExactly("create_crm_record=undone", "grant_access=undone", "create_mailbox=failed");
            // each side effect and each compensation performed once by the external systems (the second worker's
            // repeat of the interrupted compensation, if any, was refused by its idempotency key)
            for (String step : List.of("create_crm_record", "grant_access")) {
                assertThat(claimed(ledger, Executor.sideEffectKey("saga-run", step))).as(step).isTrue();
                assertThat(claimed(ledger, Executor.compensationKey("saga-run", step))).as(step + " undone").isTrue();
            }
            assertThat(IdempotencyStore.inDirectory(ledger).performed()).isEqualTo(4);
            assertThat(commands.poll()).as("compensation commands written once").hasSize(2);
            assertThat(audit.poll()).extracting(ConsumerRecord::value)
                    .filteredOn(r -> r.runId().equals("saga-run") && r.kind() == AuditKind.ENVELOPE).hasSize(1);
        }
    }

    private static boolean claimed(Path ledger, String key) throws java.io.IOException {
        Path file = ledger.resolve("key-" + HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
        return Files.exists(file) && !Files.readString(file).isEmpty();
    }
}
