package dev.orchestrators.harness.bench;

import dev.orchestrators.streams.config.OrchestratorConfig;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * {@code identity}: a Kafka Streams topology that copies requests, as bytes, unchanged to the output topic,
 * with the same Streams settings as the runtime's flows. The ceiling for any Streams topology here.
 */
final class IdentityWorkload implements Workload {
    private final WorkloadSpec spec;
    private KafkaStreams streams;

    IdentityWorkload(WorkloadSpec spec) {
        this.spec = spec;
    }

    @Override
    public boolean preloadBeforeStart() {
        return true;
    }

    @Override
    public void start() {
        Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), spec.inputTopic());
        topology.addSink("sink", spec.outputTopic(), new ByteArraySerializer(), new ByteArraySerializer(), "source");
        streams = new KafkaStreams(topology, streamsProperties(spec, spec.id()));
        streams.start();
    }

    /** The Streams settings the runtime gives a flow ({@code OrchestratorRuntime.streamsProperties}), minus its handlers. */
    static Properties streamsProperties(WorkloadSpec spec, String applicationId) {
        OrchestratorConfig config = new OrchestratorConfig(spec.runtimeConfig());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.guarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(OrchestratorConfig.NUM_STREAM_THREADS_CONFIG));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(OrchestratorConfig.COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.POLL_MS_CONFIG, 10L);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, spec.workDir().resolve("state").toString());
        props.putAll(config.streamsOverrides());
        return props;
    }

    @Override
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("identity topology not running: " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }
}
