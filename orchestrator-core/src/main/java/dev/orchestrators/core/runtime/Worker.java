package dev.orchestrators.core.runtime;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.queue.JobQueue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes jobs off a {@link JobQueue} and runs them with the orchestrator the {@link Registry} has for
 * their flow. Orchestrators are created once per flow and reused. The Kafka runtime replaces this
 * loop with a stream task per partition; this worker serves the broker-less path and tests.
 *
 * <p>Thread-safe: several threads may call {@link #runOnce()}.
 */
public final class Worker {
    private final Registry registry;
    private final JobQueue queue;
    private final OrchestratorContext context;
    private final Map<String, Orchestrator> orchestrators = new ConcurrentHashMap<>();

    public Worker(Registry registry, JobQueue queue, OrchestratorContext context) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.queue = Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(context, "context");
        // Routers run in process delegate to the registry's other flows, created once like every flow here.
        this.context = context.toBuilder().subFlows(this::orchestratorOf).build();
    }

    private Optional<Orchestrator> orchestratorOf(String flow) {
        return registry.contains(flow) ? Optional.of(orchestrators.computeIfAbsent(flow, f -> registry.create(f, context)))
                : Optional.empty();
    }

    /**
     * Runs the oldest queued job, if any, and returns its final envelope (already audited by the
     * orchestrator). A job for an unknown flow is a wiring error: it is taken off the queue and this method throws, naming the flow and the registered ones.
     *
     * @throws dev.orchestrators.core.errors.UnknownNameException when the job's flow is not registered
     */
    public Optional<Envelope> runOnce() {
        Optional<Job> next = queue.poll();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        Job job = next.get();
        Orchestrator orchestrator = orchestrators.computeIfAbsent(job.flow(), flow -> registry.create(flow, context));
        return Optional.of(orchestrator.execute(job.payload(), ExecutionOptions.forFlow(job.flow()))
                .toCompletableFuture().join());
    }

    /** Runs jobs until the queue is empty; returns how many ran. */
    public int drain() {
        int ran = 0;
        while (runOnce().isPresent()) {
            ran++;
        }
        return ran;
    }
}
