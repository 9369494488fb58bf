package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.RunCountAssert.assertThatRunsOf;
import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash drill of {@link CrashRecoveryIT} under {@code at_least_once}: a worker killed with requests in
 * flight may cause requests to be answered twice, but none may be lost, and none may end on the dead-letter
 * topic because of the crash.
 */
@Timeout(240)
class AtLeastOnceCrashRecoveryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int REQUESTS = 100;
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    private WorkerProcess first;
    private WorkerProcess second;

    @RegisterExtension
    final WorkerProcesses processes = new WorkerProcesses();

    @Test
    void shouldLoseNoRequestWhenAWorkerIsKilledAfterAdmittingRequestsWhoseOffsetsAreNotCommittedYet() {
        // given: a worker that admits every request at once (each run takes ~4 s) and commits its input offsets
        // every 5 s (Kafka Streams' own at_least_once default is 30 s), so that when it dies the changelog of its
        // pending store is ahead of its committed offsets: the replacement both restores those requests as
        // pending and reads them again, the normal at-least-once overlap
        Workers workers = Workers.of(broker.bootstrapServers(), "at_least_once",
                        "crash-alos-" + UUID.randomUUID() + "-")
                .withSampleLatencyMs(2_000)
                .with("orchestrator.max.in.flight=1000")
                .with("commit.interval.ms=5000");
        first = processes.track(workers.start("worker-1"));
        eventually(PATIENCE).failFast(() -> !first.isAlive()).until(first::isRunning);
        List<Requests.Lead> leads = CrashRecoveryIT.leads(REQUESTS);
        List<String> runIds = leads.stream().map(Requests.Lead::runId).toList();
        String pendingChangelog = workers.applicationId() + "-" + FlowSpec.pendingStore("lead_sync") + "-changelog";
        try (Requests requests = Requests.to(broker.bootstrapServers(), "lead_sync");
             TopicReader<byte[]> admissions = TopicReader.readUncommitted(broker.bootstrapServers(), pendingChangelog,
                     new ByteArrayDeserializer());
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("lead_sync"), JsonSerde.envelope().deserializer());
             TopicReader<byte[]> deadLetters = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.deadLetters("lead_sync"), new ByteArrayDeserializer())) {
            requests.publishLeads(leads);
            eventually(PATIENCE).until(() -> admissions.poll().size() >= REQUESTS);

            // when: it is killed while every request is in flight, and a replacement starts
            first.kill();
            int answeredBeforeCrash = results.poll().size();
            assertThat(answeredBeforeCrash).as("envelopes written before the crash (the drill needs work in flight)")
                    .isLessThan(REQUESTS);
            second = processes.track(workers.start("worker-2"));

            // then: every request is answered at least once
            eventually(PATIENCE).untilAsserted(() -> assertThatRunsOf("envelopes on lead_sync.results",
                    results.poll(), r -> r.value().runId()).hasAtLeastOnePerRun(runIds));

            // and: the keys keep flowing: a later request with each of the same keys is answered too
            List<Requests.Lead> later = leads.stream()
                    .map(lead -> new Requests.Lead(lead.key(), "later-" + UUID.randomUUID(), lead.leadId()))
                    .toList();
            requests.publishLeads(later);
            eventually(Duration.ofSeconds(30)).untilAsserted(() -> assertThatRunsOf("envelopes on lead_sync.results",
                    results.poll(), r -> r.value().runId()).hasAtLeastOnePerRun(later.stream().map(Requests.Lead::runId).toList()));

            // and: nothing was dead-lettered because of the crash
            assertThat(deadLetters.poll()).as("dead letters after the crash (their dlq.reason)")
                    .extracting(dead -> Headers.lastValue(dead.headers(), Headers.DLQ_REASON))
                    .isEmpty();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nworker logs:" + Workers.logs(first, second), e);
        }
    }
}
