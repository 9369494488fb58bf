package dev.orchestrators.streams.internals.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.core.kinds.archiver.FileArchiveStore;
import dev.orchestrators.core.monitoring.Monitoring;
import dev.orchestrators.streams.serde.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archiver: a Kafka Streams application of its own that reads the compacted audit topic and writes
 * every final envelope to long-term storage, a {@link FileArchiveStore} per task (rolling, gzip-compressed
 * JSON Lines under {@code <orchestrator.archive.dir>/partition-<n>}, fsynced before the task commits). Each
 * instance archives the audit partitions it owns. See {@link ArchiveStateStore} for durability and retries.
 */
public final class ArchiveTopology {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveTopology.class);

    private ArchiveTopology() {
    }

    /** The archiver over {@code auditTopic}, each task writing to {@code <directory>/partition-<n>}. */
    public static Topology build(String auditTopic, Path directory, Monitoring monitoring) {
        return build(auditTopic, partition -> FileArchiveStore.newBuilder(directory.resolve("partition-" + partition)).build(),
                monitoring);
    }

    /** The archiver over {@code auditTopic}, with the archive store of each partition from {@code opener}. */
    public static Topology build(String auditTopic, IntFunction<ArchiveStore> opener, Monitoring monitoring) {
        Topology topology = new Topology();
        topology.addSource("audit-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), auditTopic);
        topology.addProcessor("archiver", ArchiveProcessor::new, "audit-source");
        topology.addStateStore(new ArchiveStoreBuilder(opener, monitoring), "archiver");
        return topology;
    }

    /** Appends each ENVELOPE audit record's envelope, keyed by its audit key ({@code <run_id>/<orchestrator>}). */
    private static final class ArchiveProcessor implements Processor<String, byte[], Void, Void> {
        private ArchiveStateStore archive;
        private ProcessorContext<Void, Void> context;

        @Override
        public void init(ProcessorContext<Void, Void> processorContext) {
            this.context = processorContext;
            this.archive = processorContext.getStateStore(ArchiveStateStore.NAME);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            JsonNode audit;
            try {
                audit = Json.mapper().readTree(record.value());
            } catch (IOException e) {
                LOG.warn("audit record {} is not JSON; not archived: {}", record.key(), e.getMessage());
                return;
            }
            if (!"ENVELOPE".equals(audit.path("kind").asText()) || !audit.has("envelope")) {
                return;
            }
            byte[] envelope;
            try {
                envelope = Json.mapper().writeValueAsBytes(audit.get("envelope"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot re-encode the envelope of " + record.key(), e);
            }
            archive.append(new ArchiveEntry(record.key(), audit.path("run_id").asText(), audit.path("flow").asText(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs()), envelope));
        }
    }

    private static final class ArchiveStoreBuilder implements StoreBuilder<ArchiveStateStore> {
        private final IntFunction<ArchiveStore> opener;
        private final Monitoring monitoring;

        ArchiveStoreBuilder(IntFunction<ArchiveStore> opener, Monitoring monitoring) {
            this.opener = opener;
            this.monitoring = monitoring;
        }

        @Override
        public StoreBuilder<ArchiveStateStore> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<ArchiveStateStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<ArchiveStateStore> withLoggingEnabled(Map<String, String> config) {
            return this;
        }

        @Override
        public StoreBuilder<ArchiveStateStore> withLoggingDisabled() {
            return this;
        }

        @Override
        public ArchiveStateStore build() {
            return new ArchiveStateStore(opener, monitoring);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return ArchiveStateStore.NAME;
        }
    }
}
