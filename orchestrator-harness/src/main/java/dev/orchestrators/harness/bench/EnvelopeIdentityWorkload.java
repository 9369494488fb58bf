package dev.orchestrators.harness.bench;

import dev.orchestrators.harness.bench.WriteProfile.RecordTemplate;
import dev.orchestrators.harness.bench.WriteProfile.Template;
import dev.orchestrators.harness.bench.WriteProfile.TopicWrites;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code envelope_identity}: the physical limit of a flow that writes what lead_sync writes. A Kafka Streams
 * topology with the runtime's Streams settings that, for each request, writes the records a real lead_sync run
 * wrote for one request ({@link WriteProfile}, measured at bench start): the same count per topic, the same key and
 * value bytes with the request's key where lead_sync had its key (so sizes follow the key as they would), the same
 * headers, to topics with the same settings (the audit topic compacted, changelog copies as Kafka Streams creates
 * them) and the same partitioning (results and audit by key hash, changelog records on the request's partition).
 * The result's timestamp is the request's, the others' the wall clock, as the runtime does. No orchestration, no
 * JSON: only byte copies.
 */
final class EnvelopeIdentityWorkload implements Workload {
    private final WorkloadSpec spec;
    private final BenchCluster cluster;
    private final WriteProfile profile;
    private KafkaStreams streams;

    EnvelopeIdentityWorkload(WorkloadSpec spec, BenchCluster cluster, WriteProfile profile) {
        this.spec = spec;
        this.cluster = cluster;
        this.profile = Objects.requireNonNull(profile, "envelope_identity needs lead_sync's write profile");
    }

    /** The topic a role's records go to in run {@code id}: the output topic for results, else {@code <id><role>}. */
    static String topic(WorkloadSpec spec, String role) {
        return role.equals(WriteProfile.RESULTS) ? spec.outputTopic() : spec.id() + role;
    }

    @Override
    public boolean preloadBeforeStart() {
        return true;
    }

    @Override
    public void start() throws Exception {
        Map<String, Map<String, String>> mirrors = new LinkedHashMap<>();
        for (TopicWrites t : profile.topics()) {
            if (!t.role().equals(WriteProfile.RESULTS)) {
                mirrors.put(topic(spec, t.role()), t.config());
            }
        }
        cluster.createTopics(mirrors, spec.partitions());
        streams = new KafkaStreams(topology(spec, profile), IdentityWorkload.streamsProperties(spec, spec.id()));
        streams.start();
    }

    /** Source, the template processor, and one sink per topic lead_sync writes. */
    static Topology topology(WorkloadSpec spec, WriteProfile profile) {
        Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), spec.inputTopic());
        topology.addProcessor("templates", () -> new TemplateProcessor(profile.perRequest()), "source");
        Serializer<MirrorKey> keys = (topic, key) -> key.bytes();
        for (TopicWrites t : profile.topics()) {
            topology.addSink(sink(t.role()), topic(spec, t.role()), keys, new ByteArraySerializer(), PARTITIONER, "templates");
        }
        return topology;
    }

    private static String sink(String role) {
        return "to-" + role;
    }

    /** A key with the partition its record must go to, or -1 for the key's hash (the producer's default). */
    record MirrorKey(byte[] bytes, int partition) {
    }

    private static final StreamPartitioner<MirrorKey, byte[]> PARTITIONER = new StreamPartitioner<>() {
        @Override
        public Optional<Set<Integer>> partitions(String topic, MirrorKey key, byte[] value, int numPartitions) {
            return key.partition() >= 0 ? Optional.of(Set.of(key.partition() % numPartitions)) : Optional.empty();
        }
    };

    /** Writes every template filled with the request's key. Confined to its stream thread. */
    private static final class TemplateProcessor implements Processor<byte[], byte[], MirrorKey, byte[]> {
        private final List<RecordTemplate> templates;
        private ProcessorContext<MirrorKey, byte[]> context;

        TemplateProcessor(List<RecordTemplate> templates) {
            this.templates = templates;
        }

        @Override
        public void init(ProcessorContext<MirrorKey, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> request) {
            byte[] key = request.key();
            int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
            long now = context.currentSystemTimeMs();
            for (RecordTemplate t : templates) {
                RecordHeaders headers = new RecordHeaders();
                for (Map.Entry<String, Template> h : t.headers().entrySet()) {
                    headers.add(h.getKey(), h.getValue().fill(key));
                }
                boolean result = t.role().equals(WriteProfile.RESULTS);
                context.forward(new Record<>(new MirrorKey(t.key().fill(key), t.samePartitionAsRequest() ? partition : -1),
                        t.value() == null ? null : t.value().fill(key), result ? request.timestamp() : now, headers), sink(t.role()));
            }
        }
    }

    @Override
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("envelope_identity topology not running: " + streams.state());
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
