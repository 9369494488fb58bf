package dev.orchestrators.streams.internals.shapes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How a saga's compensator tells the saga's steps, on the same task, that a held run has been answered: each
 * task's {@link SagaProcessor} registers itself here for its task id; the {@link CompensationProcessor} of that
 * task calls {@link #released} after writing the run's final envelope. One instance per topology, shared by the
 * two processors' suppliers; tasks of different stream threads register concurrently.
 */
public final class SagaReleases {
    private final Map<TaskId, Consumer<String>> byTask = new ConcurrentHashMap<>();

    public void register(TaskId task, Consumer<String> onReleased) {
        byTask.put(task, onReleased);
    }

    public void unregister(TaskId task, Consumer<String> onReleased) {
        byTask.remove(task, onReleased);
    }

    /** The run {@code runId} of {@code task} has been answered (its saga state is deleted in this transaction). */
    public void released(TaskId task, String runId) {
        Consumer<String> onReleased = byTask.get(task);
        if (onReleased == null) {
            throw new IllegalStateException("no saga steps registered for task " + task + " to release run " + runId);
        }
        onReleased.accept(runId);
    }
}
