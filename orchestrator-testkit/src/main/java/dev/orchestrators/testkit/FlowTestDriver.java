package dev.orchestrators.testkit;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.internals.engine.DeadLetterHandler;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.RunEngine;
import dev.orchestrators.streams.internals.engine.ShutdownDrain;
import dev.orchestrators.streams.internals.observability.FlowMeters;
import dev.orchestrators.streams.internals.shapes.FlowTopologies;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.WireFormats;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs one flow's real topology (whatever its shape: pipeline, router, saga, scheduler) in Kafka Streams'
 * {@link TopologyTestDriver}: no broker, time under the test's control. Requests go in as JSON strings;
 * envelopes, audit records and dead letters come out typed; any other topic the flow writes (a sub-flow's
 * requests, compensations, jobs) can be read with {@link #topic}.
 *
 * <pre>{@code
 * ManualTime time = ManualTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * try (FlowTestDriver flow = FlowTestDriver.newBuilder(SampleFlows.followupReminder(tools)).time(time).build()) {
 *     flow.send("L-1", "{\"payload\": {\"target\": \"lead_sync\", \"delay\": \"PT1H\", \"job\": {\"lead_id\": \"L-1\"}}}");
 *     flow.tick(Duration.ofHours(1));            // the job is emitted now, in milliseconds of test time
 *     var emitted = flow.topic("lead_sync.requests").readKeyValue();
 * }
 * }</pre>
 *
 * <p>The topology is the one {@code bin/orchestrator run} hosts (same processors, stores, dead-letter handling and
 * limits); only the broker is replaced. With {@link Builder#time}, the flow's clock, tool time-outs and retry
 * back-offs, the wall-clock punctuations of the topology and scheduled jobs all follow that {@link ManualTime},
 * which {@link #tick} advances; without it, the topology's wall clock is the driver's and tools use real time.
 * Finished asynchronous runs are forwarded on the next request or tick.
 *
 * <p>The state stores live in a directory of their own ({@link Builder#stateDirectory}) that {@link #close} deletes. {@link #drain()},
 * {@link #pendingStore()} and {@link #store(String)} expose the runtime's internal types for its own topology tests:
 * what they return may change between versions. Not thread-safe (neither is Kafka's driver).
 */
public final class FlowTestDriver implements AutoCloseable {
    private final String flow;
    private final TopologyTestDriver driver;
    private final ShutdownDrain drain;
    private final ManualTime time;
    private final TestInputTopic<String, String> requests;
    private final TestOutputTopic<String, Envelope> results;
    private final TestOutputTopic<String, AuditRecord> audit;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final StateDirectory stateDir;

    private FlowTestDriver(Builder b) {
        this.flow = b.flow.name();
        this.drain = new ShutdownDrain();
        this.time = b.time;
        OrchestratorContext context = time == null ? b.context : b.context.toBuilder().time(time).build();
        if (b.meters != null && context.meterRegistry().isEmpty()) {
            context = context.toBuilder().meterRegistry(b.meters).build();
        }
        MeterRegistry registry = b.meters != null ? b.meters : context.meterRegistry().orElse(null);
        FlowMeters flowMeters = registry == null ? FlowMeters.none() : FlowMeters.of(registry, flow);
        FlowSpec spec = new FlowSpec(b.flow, context, b.settings, drain, TopicNames.AUDIT, b.replyTopics,
                b.ledgerRetention, b.schedulerTick, null, b.limits, b.wire, flowMeters);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-" + flow);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        this.stateDir = StateDirectory.under(b.stateParent);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.path().toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        // as Kafka 5 will by default; without it Kafka Streams warns at every start
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicNames.deadLetters(flow));
        props.put(OrchestratorConfig.FLOW_CONFIG, flow);
        props.put(FlowMeters.CONFIG, flowMeters);
        Instant start = time == null ? Instant.now() : time.instant();
        this.driver = new TopologyTestDriver(FlowTopologies.build(spec), props, start);
        this.requests = driver.createInputTopic(TopicNames.requests(flow), new StringSerializer(), new StringSerializer());
        this.results = driver.createOutputTopic(TopicNames.results(flow), new StringDeserializer(), JsonSerde.envelope().deserializer());
        this.audit = driver.createOutputTopic(TopicNames.AUDIT, new StringDeserializer(), JsonSerde.auditRecord().deserializer());
        this.deadLetters = driver.createOutputTopic(TopicNames.deadLetters(flow), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }


    /** A driver for {@code flow}. */
    public static Builder newBuilder(Flow flow) {
        return new Builder(flow);
    }

    /** A driver for a flow named {@code flow} whose tools come from the context. */
    public static Builder newBuilder(String flow, OrchestratorFactory factory) {
        return new Builder(Flow.of(flow, factory));
    }

    /** The flow's request topic taking values as bytes (an Avro flow's requests, or any bytes at all). */
    public TestInputTopic<String, byte[]> rawRequests() {
        return driver.createInputTopic(TopicNames.requests(flow), new StringSerializer(), new ByteArraySerializer());
    }

    /** The flow's result topic, values as bytes (an Avro flow's envelopes). */
    public TestOutputTopic<String, byte[]> rawResults() {
        return driver.createOutputTopic(TopicNames.results(flow), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Any topic the flow writes, values as bytes. */
    public TestOutputTopic<String, byte[]> rawTopic(String name) {
        return driver.createOutputTopic(name, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Publishes {@code json} with {@code key} to the flow's request topic. */
    public void send(String key, String json) {
        requests.pipeInput(key, json);
    }

    /** Publishes {@code {"run_id": runId, "payload": {field: value}}}. */
    public void send(String key, String runId, String field, String value) {
        send(key, "{\"run_id\":\"" + runId + "\",\"payload\":{\"" + field + "\":\"" + value + "\"}}");
    }

    /**
     * Advances time (the {@link ManualTime}, if given, then the topology's wall clock), forwarding finished
     * runs, starting due retries and emitting due jobs. Outputs stay on their topics to be read.
     */
    public void tick(Duration by) {
        if (time != null) {
            time.advance(by);
        }
        driver.advanceWallClockTime(by);
    }

    /** {@link #tick}s, then reads every result not read yet. */
    public List<KeyValue<String, Envelope>> tickAndRead(Duration by) {
        tick(by);
        return results.readKeyValuesToList();
    }

    /** The flow's request topic ({@code <flow>.requests}), values as JSON strings. */
    public TestInputTopic<String, String> requests() {
        return requests;
    }

    /** The flow's result topic ({@code <flow>.results}): one envelope per run, keyed like its request. */
    public TestOutputTopic<String, Envelope> results() {
        return results;
    }

    /** The audit topic ({@code orchestrator.audit}): every final envelope, and each side effect recorded. */
    public TestOutputTopic<String, AuditRecord> audit() {
        return audit;
    }

    /** The flow's dead-letter topic ({@code <flow>.dlq}): the original bytes of a record no run could take. */
    public TestOutputTopic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    /** Any other topic the flow writes (a sub-flow's requests, compensations, jobs), as strings. */
    public TestOutputTopic<String, String> topic(String name) {
        return driver.createOutputTopic(name, new StringDeserializer(), new StringDeserializer());
    }

    /** An input to any topic the flow reads, as strings (to publish with headers, use {@code pipeInput(TestRecord)}). */
    public TestInputTopic<String, String> input(String name) {
        return driver.createInputTopic(name, new StringSerializer(), new StringSerializer());
    }

    /** The task's pending-request store (values are internal records). */
    public KeyValueStore<Long, Object> pendingStore() {
        return driver.getKeyValueStore(FlowSpec.pendingStore(flow));
    }

    /** A state store of the flow, by name (see {@link FlowSpec} for the names). */
    public KeyValueStore<String, Object> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** The drain a shutdown waits on (an internal type: for the runtime's own tests). */
    public ShutdownDrain drain() {
        return drain;
    }

    /** Kafka's driver underneath, for what this class does not offer (topic names produced, raw inputs). */
    public TopologyTestDriver driver() {
        return driver;
    }

    /**
     * Closes Kafka's driver and deletes the state directory.
     *
     * @throws UncheckedIOException when the state directory cannot be deleted
     */
    @Override
    public void close() {
        driver.close();
        stateDir.delete();
    }


    /** Builder. Defaults: empty context, 100 in flight, 1 s in-memory back-off, 5 s backpressure wait. */
    public static final class Builder {
        private final Flow flow;
        private OrchestratorContext context = OrchestratorContext.newBuilder().build();
        private RunEngine.EngineSettings settings = new RunEngine.EngineSettings(100, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(5));
        private ManualTime time;
        private Set<String> replyTopics = Set.of();
        private Duration ledgerRetention = Duration.ofDays(7);
        private Duration schedulerTick = Duration.ofSeconds(1);
        private RequestLimits limits = RequestLimits.DEFAULTS;
        private WireFormats wire = WireFormats.allJson();
        private MeterRegistry meters;
        private Path stateParent = StateDirectory.defaultParent();

        private Builder(Flow flow) {
            this.flow = flow;
        }

        /** The services (and, for a flow without its own, the tools). */
        public Builder context(OrchestratorContext value) {
            this.context = value;
            return this;
        }

        /** Time for the flow and its topology, advanced by {@link #tick}. */
        public Builder time(ManualTime value) {
            this.time = value;
            return this;
        }

        /** Result topics of routers that route to this flow: a request's {@code reply_to} naming one is answered there. */
        public Builder replyTopics(String... topics) {
            this.replyTopics = Set.of(topics);
            return this;
        }

        /** Runs in flight per task before new requests wait ({@code orchestrator.max.in.flight}; default here 100). */
        public Builder maxInFlight(int value) {
            settings = new RunEngine.EngineSettings(value, settings.maxInMemoryBackoff(), settings.backpressureMaxWait(),
                    settings.shutdownDrain(), settings.completionInterval());
            return this;
        }

        /** Longest a request waits for a free in-flight slot before it is admitted anyway (default here 5 s). */
        public Builder backpressureMaxWait(Duration value) {
            settings = new RunEngine.EngineSettings(settings.maxInFlight(), settings.maxInMemoryBackoff(), value,
                    settings.shutdownDrain(), settings.completionInterval());
            return this;
        }

        /** Retry back-offs up to this long wait in memory; longer ones are parked in the pending-request store (default 1 s). */
        public Builder maxInMemoryBackoff(Duration value) {
            settings = new RunEngine.EngineSettings(settings.maxInFlight(), value, settings.backpressureMaxWait(),
                    settings.shutdownDrain(), settings.completionInterval());
            return this;
        }

        /** What a request and an answer may contain (default: the configuration keys' defaults). */
        public Builder limits(RequestLimits value) {
            this.limits = value;
            return this;
        }

        /** The wire format of this flow and of the flows it writes to (default: JSON for all). */
        public Builder wireFormats(WireFormats value) {
            this.wire = value;
            return this;
        }

        /**
         * Where the flow's meters go (envelopes, dead letters, engine gauges), and the orchestrators' too unless the
         * context has a registry (default: the context's registry, if any).
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meters = value;
            return this;
        }

        /**
         * Where the driver makes its state directory, which {@link FlowTestDriver#close} deletes (default:
         * {@code target/flow-test-driver} when the working directory has a {@code target/}, as in a Maven build, else the
         * system's temporary directory).
         */
        public Builder stateDirectory(Path parent) {
            this.stateParent = Objects.requireNonNull(parent, "parent");
            return this;
        }

        /** How often a scheduler flow's job store looks for due jobs (default 1 s). */
        public Builder schedulerTick(Duration value) {
            this.schedulerTick = value;
            return this;
        }

        /** Builds the flow's topology and starts the driver; {@link FlowTestDriver#close} it after the test. */
        public FlowTestDriver build() {
            return new FlowTestDriver(this);
        }
    }
}
