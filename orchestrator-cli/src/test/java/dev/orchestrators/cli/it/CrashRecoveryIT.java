package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.RunCountAssert.assertThatRunsOf;
import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash drill: a worker JVM is killed with SIGKILL while it has requests in flight, and a replacement
 * worker of the same application takes over. Under {@code exactly_once_v2} every request ends with exactly
 * one committed envelope and exactly one final audit entry: nothing answered twice, nothing lost.
 */
@Timeout(240)
class CrashRecoveryIT {
    static final int REQUESTS = 200;
    static final Duration STARTUP = Duration.ofSeconds(90);
    static final Duration RECOVERY = Duration.ofSeconds(90);
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    private WorkerProcess first;
    private WorkerProcess second;

    @RegisterExtension
    final WorkerProcesses processes = new WorkerProcesses();

    @Test
    void shouldCommitExactlyOneEnvelopePerRequestWhenAWorkerIsKilledWithRequestsInFlight() {
        // given: a worker processing a batch of 200 requests, some of them answered already
        Workers workers = Workers.of(broker.bootstrapServers(), "exactly_once_v2",
                "crash-eos-" + UUID.randomUUID() + "-");
        first = processes.track(workers.start("worker-1"));
        eventually(STARTUP).failFast(() -> !first.isAlive()).until(first::isRunning);
        List<Requests.Lead> leads = leads(REQUESTS);
        List<String> runIds = leads.stream().map(Requests.Lead::runId).toList();
        try (Requests requests = Requests.to(broker.bootstrapServers(), "lead_sync");
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("lead_sync"), JsonSerde.envelope().deserializer());
             TopicReader<AuditRecord> audit = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.AUDIT, JsonSerde.auditRecord().deserializer())) {
            requests.publishLeads(leads);
            eventually(RECOVERY).until(() -> results.poll().size() >= 10);

            // when: it is killed (no drain, no final commit) and a replacement starts
            first.kill();
            eventually(RECOVERY).until(results::caughtUp);
            int answeredBeforeCrash = results.poll().size();
            assertThat(answeredBeforeCrash).as("envelopes committed before the crash (the drill needs work in flight)")
                    .isBetween(1, REQUESTS - 1);
            System.out.printf("crash drill (exactly_once_v2): %d of %d requests answered when the worker was killed%n",
                    answeredBeforeCrash, REQUESTS);
            second = processes.track(workers.start("worker-2"));

            // then: every request has exactly one committed envelope and one final audit entry
            eventually(RECOVERY).untilAsserted(() -> assertThatRunsOf("envelopes on lead_sync.results",
                    results.poll(), r -> r.value().runId()).hasAtLeastOnePerRun(runIds));
            // (a duplicate never goes away, so once all are in, a short wait for late ones is enough)
            eventually(Duration.ofSeconds(15)).during(Duration.ofSeconds(3)).untilAsserted(() -> {
                assertThatRunsOf("envelopes on lead_sync.results", results.poll(), r -> r.value().runId())
                        .hasExactlyOnePerRun(runIds);
                assertThatRunsOf("ENVELOPE entries on " + TopicNames.AUDIT, audit.poll(),
                        r -> r.value().kind() == AuditKind.ENVELOPE ? r.value().runId() : null)
                        .hasExactlyOnePerRun(runIds);
            });
            assertThat(second.output()).as("the replacement resumed the requests the dead worker had admitted")
                    .contains("resuming");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nworker logs:" + Workers.logs(first, second), e);
        }
    }

    static List<Requests.Lead> leads(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Requests.Lead("lead-" + i, "crash-" + i + "-" + UUID.randomUUID(), "L-" + i))
                .toList();
    }
}
