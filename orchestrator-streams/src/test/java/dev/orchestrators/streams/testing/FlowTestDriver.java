package dev.orchestrators.streams.testing;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.internals.DeadLetterHandler;
import dev.orchestrators.streams.internals.FlowProcessor.FlowProcessorSettings;
import dev.orchestrators.streams.internals.FlowTopology;
import dev.orchestrators.streams.internals.ShutdownDrain;
import dev.orchestrators.streams.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs one flow's real topology in Kafka Streams' {@link TopologyTestDriver}: no broker, wall-clock time
 * under the test's control. Requests go in as JSON strings; envelopes, audit records and dead letters
 * come out typed.
 *
 * <pre>{@code
 * try (FlowTestDriver flow = FlowTestDriver.newBuilder("lead_sync", LeadSyncSample::create)
 *         .context(OrchestratorContext.newBuilder().tools(SampleTools.inMemory()).build()).build()) {
 *     flow.send("L-1", "{\"payload\": {\"lead_id\": \"L-1\"}}");
 *     Envelope envelope = flow.results().readValue();
 * }
 * }</pre>
 *
 * Finished asynchronous runs are forwarded on the next request or wall-clock tick: call {@link #tick}.
 * Not thread-safe (neither is the driver).
 */
public final class FlowTestDriver implements AutoCloseable {
    private final String flow;
    private final TopologyTestDriver driver;
    private final ShutdownDrain drain;
    private final TestInputTopic<String, String> requests;
    private final TestOutputTopic<String, Envelope> results;
    private final TestOutputTopic<String, AuditRecord> audit;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    private FlowTestDriver(Builder b) {
        this.flow = b.flow;
        this.drain = new ShutdownDrain();
        var topology = FlowTopology.build(flow, TopicNames.AUDIT, b.factory, b.context, b.settings, drain);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-" + flow);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicNames.deadLetters(flow));
        props.put(OrchestratorConfig.FLOW_CONFIG, flow);
        this.driver = new TopologyTestDriver(topology, props);
        this.requests = driver.createInputTopic(TopicNames.requests(flow), new StringSerializer(), new StringSerializer());
        this.results = driver.createOutputTopic(TopicNames.results(flow), new StringDeserializer(), JsonSerde.envelope().deserializer());
        this.audit = driver.createOutputTopic(TopicNames.AUDIT, new StringDeserializer(), JsonSerde.auditRecord().deserializer());
        this.deadLetters = driver.createOutputTopic(TopicNames.deadLetters(flow), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static Builder newBuilder(String flow, OrchestratorFactory factory) {
        return new Builder(flow, factory);
    }

    /** Publishes {@code json} with {@code key} to the flow's request topic. */
    public void send(String key, String json) {
        requests.pipeInput(key, json);
    }

    /** Publishes {@code {"run_id": runId, "payload": {field: value}}}. */
    public void send(String key, String runId, String field, String value) {
        send(key, "{\"run_id\":\"" + runId + "\",\"payload\":{\"" + field + "\":\"" + value + "\"}}");
    }

    /** Advances wall-clock time (forwarding finished runs, starting due retries) and returns new results. */
    public List<KeyValue<String, Envelope>> tick(Duration by) {
        driver.advanceWallClockTime(by);
        return results.readKeyValuesToList();
    }

    public TestInputTopic<String, String> requests() {
        return requests;
    }

    public TestOutputTopic<String, Envelope> results() {
        return results;
    }

    public TestOutputTopic<String, AuditRecord> audit() {
        return audit;
    }

    public TestOutputTopic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    /** The task's pending-request store (values are internal records). */
    public KeyValueStore<Long, Object> pendingStore() {
        return driver.getKeyValueStore(FlowTopology.pendingStoreName(flow));
    }

    public ShutdownDrain drain() {
        return drain;
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Builder. Defaults: empty context, 100 in flight, 1 s in-memory back-off, 5 s backpressure wait. */
    public static final class Builder {
        private final String flow;
        private final OrchestratorFactory factory;
        private OrchestratorContext context = OrchestratorContext.newBuilder().build();
        private FlowProcessorSettings settings = new FlowProcessorSettings(100, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(5));

        private Builder(String flow, OrchestratorFactory factory) {
            this.flow = flow;
            this.factory = factory;
        }

        public Builder context(OrchestratorContext value) {
            this.context = value;
            return this;
        }

        public Builder maxInFlight(int value) {
            settings = new FlowProcessorSettings(value, settings.maxInMemoryBackoff(), settings.backpressureMaxWait(),
                    settings.shutdownDrain(), settings.completionInterval());
            return this;
        }

        public Builder backpressureMaxWait(Duration value) {
            settings = new FlowProcessorSettings(settings.maxInFlight(), settings.maxInMemoryBackoff(), value,
                    settings.shutdownDrain(), settings.completionInterval());
            return this;
        }

        public FlowTestDriver build() {
            return new FlowTestDriver(this);
        }
    }
}
