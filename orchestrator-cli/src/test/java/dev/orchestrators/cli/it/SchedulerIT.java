package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler on a real broker: a job that falls due while no worker runs is emitted once, by the worker
 * that starts afterwards, from the job store it restores from the changelog.
 */
@Timeout(240)
class SchedulerIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @RegisterExtension
    final WorkerProcesses processes = new WorkerProcesses();

    @Test
    @SuppressWarnings("unchecked")
    void shouldEmitAJobThatFellDueWhileTheWorkerWasDownOnceAfterItRestarts() {
        // given a worker of the scheduler (and of lead_sync, its target); a reminder due in 8 s is scheduled
        Workers workers = Workers.of(broker.bootstrapServers(), "exactly_once_v2", "scheduler-" + UUID.randomUUID() + "-")
                .flows("followup_reminder", "lead_sync").withSampleLatencyMs(10).with("orchestrator.scheduler.tick.ms=200");
        WorkerProcess first = processes.track(workers.start("worker-1"));
        eventually(PATIENCE).failFast(() -> !first.isAlive()).until(first::isRunning);
        try (Requests requests = Requests.to(broker.bootstrapServers(), "followup_reminder");
             TopicReader<Envelope> descriptors = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("followup_reminder"), JsonSerde.envelope().deserializer());
             TopicReader<String> emitted = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.requests("lead_sync"), new StringDeserializer());
             TopicReader<Envelope> leadSync = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("lead_sync"), JsonSerde.envelope().deserializer())) {
            requests.publish("L-77", "{\"run_id\":\"remind-77\",\"payload\":{\"delay\":\"PT8S\",\"key\":\"L-77\","
                    + "\"job\":{\"lead_id\":\"L-77\"}}}");
            eventually(PATIENCE).until(() -> !descriptors.poll().isEmpty());
            Map<String, Object> job = (Map<String, Object>) descriptors.poll().get(0).value().metadata().details().get("job");
            Instant due = Instant.parse((String) job.get("due_at"));

            // when the worker dies before the job is due, and a new one starts only after it is due
            first.kill();
            eventually(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(due.plusSeconds(2)));
            assertThat(emitted.poll()).as("nothing emitted while no worker ran").isEmpty();
            WorkerProcess second = processes.track(workers.start("worker-2"));
            eventually(PATIENCE).failFast(() -> !second.isAlive()).until(() -> !leadSync.poll().isEmpty());

            // then it was emitted once, and its lead_sync run answered once
            eventually(Duration.ofSeconds(10)).until(emitted::caughtUp);
            List<ConsumerRecord<String, String>> sent = emitted.poll();
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).key()).isEqualTo("L-77");
            assertThat(sent.get(0).value()).contains("\"run_id\":\"job-remind-77\"");
            assertThat(leadSync.poll()).extracting(r -> r.value().runId()).containsExactly("job-remind-77");
        }
    }
}
