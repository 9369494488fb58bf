package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.samples.LeadSyncSample;
import dev.orchestrators.samples.SampleTools;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that cannot be read goes, byte for byte and with where it came from, to the flow's dead-letter
 * topic, and the partition keeps flowing: the next request with the same key is still answered.
 */
@Timeout(120)
class DeadLetterIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String FLOW = LeadSyncSample.FLOW;
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @TempDir
    static Path stateDirs;

    @Test
    void shouldDeadLetterAMalformedRequestWithItsOriginAndStillAnswerTheNextRequestOfTheSameKey() {
        // given
        Registry registry = LeadSyncSample.register(Registry.newBuilder()).build();
        OrchestratorContext context = OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build();
        try (OrchestratorRuntime runtime = Runtimes.startAndAwaitRunning(registry, context,
                Runtimes.config(broker.bootstrapServers(), FLOW, "dlq-" + UUID.randomUUID() + "-", stateDirs));
             Requests requests = Requests.to(broker.bootstrapServers(), FLOW);
             TopicReader<byte[]> deadLetters = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.deadLetters(FLOW), new ByteArrayDeserializer());
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(),
                     TopicNames.results(FLOW), JsonSerde.envelope().deserializer())) {
            byte[] malformed = Requests.utf8("{not json at all");
            RecordHeaders callerHeaders = new RecordHeaders();
            callerHeaders.add("trace_id", Requests.utf8("t-42"));
            String validRunId = "valid-" + UUID.randomUUID();

            // when: a malformed request, then a valid one with the same key (so the same partition, right after it)
            RecordMetadata malformedAt = requests.publishRaw(
                    new ProducerRecord<>(requests.topic(), null, Requests.utf8("lead-9"), malformed, callerHeaders));
            RecordMetadata validAt = requests.publishLead(new Requests.Lead("lead-9", validRunId, "L-9"));
            assertThat(validAt.partition()).isEqualTo(malformedAt.partition());

            // then: the malformed one is dead-lettered with its original bytes, its headers and its origin
            ConsumerRecord<String, byte[]> dead = eventually(PATIENCE)
                    .until(deadLetters::poll, list -> !list.isEmpty()).get(0);
            assertThat(dead.key()).isEqualTo("lead-9");
            assertThat(dead.value()).isEqualTo(malformed);
            assertThat(Headers.lastValue(dead.headers(), "trace_id")).isEqualTo("t-42");
            assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_REASON)).contains("not valid JSON");
            assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_TOPIC)).isEqualTo(TopicNames.requests(FLOW));
            assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_PARTITION))
                    .isEqualTo(Integer.toString(malformedAt.partition()));
            assertThat(Headers.lastValue(dead.headers(), Headers.DLQ_OFFSET))
                    .isEqualTo(Long.toString(malformedAt.offset()));

            // and: the valid one behind it is answered, and it alone
            List<ConsumerRecord<String, Envelope>> answered = eventually(PATIENCE)
                    .until(results::poll, list -> !list.isEmpty());
            assertThat(answered).singleElement().satisfies(result -> {
                assertThat(result.key()).isEqualTo("lead-9");
                assertThat(result.value().runId()).isEqualTo(validRunId);
                assertThat(result.value().status()).isEqualTo(RunStatus.DISABLED);
            });
            assertThat(deadLetters.poll()).hasSize(1);
        }
    }
}
