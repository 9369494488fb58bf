package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router on a real broker: a plain Kafka producer publishes emails to {@code support_triage.requests};
 * each comes back, as the chosen sub-flow's envelope with the route in its metadata, on
 * {@code support_triage.results}, read by a plain {@code read_committed} consumer.
 */
@Timeout(180)
class RouterIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @RegisterExtension
    final WorkerProcesses processes = new WorkerProcesses();

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerEachEmailOnTheRoutersResultTopicWithTheChosenSubFlowsEnvelope() {
        // given a worker running the router and its two sub-flows
        Workers workers = Workers.of(broker.bootstrapServers(), "exactly_once_v2", "router-" + UUID.randomUUID() + "-")
                .flows("support_triage", "lead_intake", "support_ticket").withSampleLatencyMs(20);
        WorkerProcess worker = processes.track(workers.start("worker-1"));
        eventually(PATIENCE).failFast(() -> !worker.isAlive()).until(worker::isRunning);
        try (Requests requests = Requests.to(broker.bootstrapServers(), "support_triage");
             TopicReader<Envelope> answers = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results("support_triage"), JsonSerde.envelope().deserializer())) {
            // when
            requests.publish("ada@acme.example", "{\"run_id\":\"email-1\",\"payload\":{\"from\":\"ada@acme.example\","
                    + "\"subject\":\"Pricing for 40 seats\",\"body\":\"a quote please\"}}");
            requests.publish("grace@globex.example", "{\"run_id\":\"email-2\",\"payload\":{\"from\":\"grace@globex.example\","
                    + "\"subject\":\"Cannot log in\",\"body\":\"the reset link does nothing\"}}");
            eventually(PATIENCE).until(() -> answers.poll().size() >= 2);

            // then
            List<ConsumerRecord<String, Envelope>> read = answers.poll();
            assertThat(read).hasSize(2);
            assertThat(read).extracting(r -> r.value().runId()).containsExactlyInAnyOrder("email-1", "email-2");
            for (ConsumerRecord<String, Envelope> answer : read) {
                Envelope envelope = answer.value();
                Map<String, Object> route = (Map<String, Object>) envelope.metadata().details().get("route");
                assertThat(envelope.status()).isEqualTo(RunStatus.OK);
                assertThat(route).containsEntry("router", "support_triage");
                if (envelope.runId().equals("email-1")) {
                    assertThat(route).containsEntry("route", "lead").containsEntry("flow", "lead_intake");
                    assertThat(envelope.metadata().flow()).isEqualTo("lead_intake");
                    assertThat(answer.key()).isEqualTo("ada@acme.example");
                } else {
                    assertThat(route).containsEntry("route", "support").containsEntry("flow", "support_ticket");
                    assertThat(envelope.records()).extracting(r -> r.key()).contains("open_ticket");
                }
            }
        }
    }
}
