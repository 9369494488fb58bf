package dev.orchestrators.harness.bench;

import dev.orchestrators.harness.bench.WriteProfile.Written;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures what lead_sync writes per request, for {@link EnvelopeIdentityWorkload}: runs {@code lead_sync_inmem}
 * (the same runtime, flow and settings as that scenario) on {@value #REQUESTS} requests with keys {@code b-1000}
 * to {@code b-1199}, closes it (so its last commit is in), then reads back with {@code read_committed} every topic
 * the run wrote: {@code lead_sync.results}, and every topic named after the run (its audit topic and Kafka Streams'
 * changelogs), with their topic-level settings. The telemetry topic (1% of runs, best effort, outside the flows'
 * transactions) is left out. Measured at each bench start, so it follows the runtime as it changes.
 */
final class WriteProfiler {
    static final int REQUESTS = 200;
    static final String ID = "bench0-profile";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private WriteProfiler() {
    }

    static WriteProfile measure(String bootstrap, BenchCluster cluster, BenchSettings settings, String guarantee) throws Exception {
        Scenario scenario = Scenario.LEAD_SYNC_INMEM;
        String in = scenario.inputTopic(ID);
        String out = scenario.outputTopic(ID);
        List<String> keys = IntStream.range(0, REQUESTS).mapToObj(i -> "b-" + (1000 + i)).toList();
        cluster.deleteTopicsStartingWith(scenario.sharedTopicPrefixes());
        cluster.createTopics(List.of(in, out), settings.partitions());
        Path workDir = Files.createDirectories(settings.workRoot().resolve(ID));
        WorkloadSpec spec = new WorkloadSpec(bootstrap, guarantee, settings.partitions(), ID, in, out, workDir,
                settings.runtimeConfig(), settings.clientOverrides());
        try {
            try (OutputMeter meter = new OutputMeter(bootstrap, out, settings.partitions());
                 RequestLoader loader = new RequestLoader(bootstrap, BenchFlow.LEAD_SYNC, 0)) {
                Workload workload = scenario.create(spec, cluster, List.of(), null);
                try {
                    workload.start();
                    workload.awaitReady(TIMEOUT);
                    loader.load(in, keys);
                    if (!meter.await(RequestLoader.BACKLOG_PREFIX, REQUESTS, TIMEOUT)) {
                        throw new IllegalStateException("lead_sync answered " + meter.snapshot(RequestLoader.BACKLOG_PREFIX).count()
                                + " of " + REQUESTS + " profiling requests");
                    }
                } finally {
                    workload.close();
                }
            }
            Map<String, List<Written>> written = new LinkedHashMap<>();
            Map<String, Map<String, String>> configs = new HashMap<>();
            List<String> topics = new ArrayList<>(cluster.topicsStartingWith(ID));
            topics.add(out);
            for (String topic : topics) {
                if (topic.equals(in)) {
                    continue;
                }
                List<Written> records = readAll(bootstrap, topic);
                if (!records.isEmpty()) {
                    String role = topic.equals(out) ? WriteProfile.RESULTS : topic.substring(ID.length());
                    written.put(role, records);
                    configs.put(role, cluster.topicConfig(topic));
                }
            }
            return WriteProfile.of(written, keys, configs);
        } finally {
            cluster.deleteTopicsStartingWith(ID, BenchFlow.LEAD_SYNC.topicPrefixes()[0]);
            if (!settings.keepWorkDir()) {
                ScenarioRunner.deleteRecursively(workDir);
            }
        }
    }

    /** Every committed record of {@code topic}, from the beginning to its end now. */
    private static List<Written> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-profile-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Written> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, byte[]> headers = new LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value());
                    }
                    records.add(new Written(r.key(), r.value(), headers));
                }
            }
        }
        return records;
    }
}
