package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.core.kinds.archiver.ArchiveException;
import dev.orchestrators.core.kinds.archiver.ArchiveStore;
import dev.orchestrators.core.monitoring.Monitoring;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;

/**
 * An {@link ArchiveStore} as a Kafka Streams state store, so that the archive is made durable exactly when
 * Kafka Streams commits: it calls {@link #flush()} (through {@code commit}) before it commits the task's
 * input offsets, and {@code flush} syncs the archive (fsync). So no audit record is acknowledged before its
 * envelope is on disk. A failed sync raises an {@code orchestrator.alert} event ({@code archive_write_failed},
 * counted by the Micrometer monitoring) and fails the commit: the stream thread is replaced, the task
 * re-reads from its last committed offset, and the store's idempotency by key keeps the archive free of
 * duplicates.
 */
public final class ArchiveStateStore implements StateStore {
    static final String NAME = "archive";
    private final IntFunction<ArchiveStore> opener;
    private final Monitoring monitoring;
    private ArchiveStore archive;
    private boolean open;

    /** @param opener opens the archive of the task's partition */
    public ArchiveStateStore(IntFunction<ArchiveStore> opener, Monitoring monitoring) {
        this.opener = opener;
        this.monitoring = monitoring;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        this.archive = opener.apply(context.taskId().partition());
        context.register(root, (key, value) -> { });
        this.open = true;
    }

    public void append(ArchiveEntry entry) {
        archive.append(entry);
    }

    @Override
    public void flush() {
        try {
            archive.sync();
        } catch (ArchiveException e) {
            monitoring.logEvent(new MonitoringEvent(MonitoringEvent.ALERT, "-", "archiver", Instant.now(),
                    Map.of("alert", "archive_write_failed", "error_type", e.type())));
            throw new ProcessorStateException("the archive could not be made durable; the task re-reads from its last commit", e);
        }
    }

    @Override
    public void close() {
        if (archive != null) {
            try {
                archive.close();
            } catch (Exception e) {
                throw new ProcessorStateException("cannot close the archive", e);
            }
        }
        open = false;
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
