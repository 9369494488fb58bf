package dev.orchestrators.core.kinds.archiver;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.monitoring.MonitoringEvent;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorSettings;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalises runs into long-term storage: runs the inner orchestrator, writes its final envelope (as
 * {@link ArchiveEntry#of serialised on the wire}, keyed {@code <run_id>/<orchestrator>}) to an
 * {@link ArchiveStore}, syncs it, and only then completes, with the inner envelope unchanged: a flow's
 * result looks the same with or without an archiver, and nothing is acknowledged before it is durable.
 *
 * <pre>{@code
 * Orchestrator archived = Archiver.newBuilder(FileArchiveStore.newBuilder(archiveDir).build())
 *     .around(leadSync)
 *     .retryPolicy(RetryPolicy.newBuilder().maxAttempts(5).maxDelay(Duration.ofSeconds(10)).build())
 *     .build(context);
 * }</pre>
 *
 * <p><b>Failures.</b> A failed append or sync is retried with the archiver's {@link RetryPolicy}, waiting on
 * the context's {@code DelayScheduler} (no thread is held), by appending the same entry again: the store's
 * idempotency keeps it one entry. Every failed attempt emits an {@code orchestrator.alert} event with
 * {@code alert=archive_write_failed}, {@code error_type} and {@code attempt}. When the attempts are used up
 * (or a failure is permanent) the stage completes exceptionally with the store's failure, usually an
 * {@link ArchiveException}: the runtime does not acknowledge the request, which is redelivered and run again
 * (side effects are protected by the side-effect ledger). The inner orchestrator has audited its envelope by
 * then. A run that fails before it has a final envelope ({@code RetryDeferredException}) is not archived.
 *
 * <p><b>Threads.</b> Store writes block (a sync forces the disk), so they run on the archiver's executor,
 * by default one daemon thread per archiver that ends when idle; never on the thread that completed the run.
 *
 * <p>Thread-safe. The store is shared, not owned: close it when the application stops.
 */
public final class Archiver implements Orchestrator {
    /** The kind's name. */
    public static final String KIND = "archiver";
    /** The {@code alert} attribute of the event emitted for every failed archive attempt. */
    public static final String WRITE_FAILED_ALERT = "archive_write_failed";
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    private final String name;
    private final OrchestratorSettings settings;
    private final OrchestratorContext context;
    private final ArchiveStore store;
    private final Orchestrator inner;
    private final Executor io;

    private Archiver(Builder b, OrchestratorContext context) {
        this.name = b.name();
        this.settings = b.settings();
        this.context = Objects.requireNonNull(context, "context");
        this.store = b.store;
        this.inner = b.inner;
        this.io = b.io != null ? b.io : singleDaemonThread("orchestrator-archiver-" + name);
    }

    /** A builder writing to {@code store}. */
    public static Builder newBuilder(ArchiveStore store) {
        return new Builder(store);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        return settings.capabilities();
    }

    /** The orchestrator whose envelopes are archived. */
    public Orchestrator inner() {
        return inner;
    }

    @Override
    public Description describe() {
        return new Description(name, KIND, settings.capabilities(), Set.of(), false, false, List.of(inner.describe()));
    }

    /** The inner orchestrator's check. */
    @Override
    public void validatePayload(Payload payload) {
        inner.validatePayload(payload);
    }

    /** @throws ArchiveException when the envelope could not be made durable after the last attempt */
    @Override
    public Envelope run(Payload payload) {
        try {
            return execute(payload, ExecutionOptions.defaults()).toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = FailureClassifier.unwrap(e);
            throw cause instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * Runs the inner orchestrator and archives an answered run's envelope; completes with the inner outcome once
     * the envelope is durable, or with a {@link RunOutcome.Failed} archive failure after the last write attempt
     * (see the class comment). Other outcomes (a deferral, a hand-off) have no envelope yet and pass as they are.
     */
    @Override
    public CompletionStage<RunOutcome> attempt(Payload payload, ExecutionOptions options) {
        return inner.attempt(payload, options).thenCompose(outcome -> {
            Envelope envelope = outcome.envelopeOrNull();
            if (envelope == null) {
                return CompletableFuture.completedFuture(outcome);
            }
            return archive(envelope).handle((archived, failure) -> failure == null ? outcome
                    : new RunOutcome.Failed(FailureClassifier.unwrap(failure)));
        });
    }

    /** @throws ConfigurationException when the context has no queue */
    @Override
    public String runAsync(Payload payload) {
        var queue = context.queue().orElseThrow(() -> new ConfigurationException(
                "orchestrator '" + name + "' has no queue: build its OrchestratorContext with queue(...) to use runAsync"));
        queue.enqueue(new Job(name, payload, context.clock().instant()));
        return payload.runId();
    }

    private CompletionStage<Envelope> archive(Envelope envelope) {
        ArchiveEntry entry;
        try {
            entry = ArchiveEntry.of(envelope, context.clock().instant());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return write(envelope, entry, 1);
    }

    private CompletionStage<Envelope> write(Envelope envelope, ArchiveEntry entry, int attempt) {
        CompletableFuture<Void> written;
        try {
            written = CompletableFuture.runAsync(() -> {
                store.append(entry);
                store.sync();
            }, io);
        } catch (RuntimeException rejected) {
            written = CompletableFuture.failedFuture(rejected);
        }
        return written.handle((ok, failure) -> failure == null
                        ? CompletableFuture.completedFuture(envelope)
                        : afterFailure(envelope, entry, attempt, FailureClassifier.unwrap(failure)))
                .thenCompose(Function.identity());
    }

    private CompletionStage<Envelope> afterFailure(Envelope envelope, ArchiveEntry entry, int attempt, Throwable cause) {
        alert(envelope, cause, attempt);
        RetryPolicy policy = settings.retryPolicy();
        boolean permanent = context.classifier().classify(cause) == FailureClass.PERMANENT;
        if (permanent || !policy.allowsAnotherAttempt(attempt)) {
            LOG.error("archiving {} failed for good after {} attempt(s); the request stays unacknowledged",
                    entry.key(), attempt, cause);
            return CompletableFuture.failedFuture(cause);
        }
        LOG.warn("archiving {} failed (attempt {}), retrying: {}", entry.key(), attempt, cause.toString());
        Duration policyDelay = policy.delayBefore(attempt + 1, context.random());
        Duration delay = cause instanceof TransientException te ? te.delayOr(policyDelay) : policyDelay;
        return context.delays().delay(delay).thenCompose(ignored -> write(envelope, entry, attempt + 1));
    }

    private void alert(Envelope envelope, Throwable cause, int attempt) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("alert", WRITE_FAILED_ALERT);
        attributes.put("error_type", cause instanceof OrchestratorException oe ? oe.type() : cause.getClass().getSimpleName());
        attributes.put("attempt", attempt);
        try {
            context.monitoring().logEvent(new MonitoringEvent(MonitoringEvent.ALERT, envelope.runId(), name,
                    context.clock().instant(), attributes));
        } catch (RuntimeException e) {
            LOG.warn("alert for run {} could not be reported", envelope.runId(), e); // monitoring must not stop the retry
        }
    }

    private static Executor singleDaemonThread(String threadName) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public String toString() {
        return "Archiver[" + name + " around " + inner.name() + "]";
    }

    /**
     * Builder. Defaults: name {@code archiver}, no capabilities of its own, the default retry policy, writes on
     * a daemon thread of its own. {@link #around} is required. Not thread-safe.
     */
    public static final class Builder extends OrchestratorBuilder<Builder, Archiver> {
        private final ArchiveStore store;
        private Orchestrator inner;
        private Executor io;

        private Builder(ArchiveStore store) {
            super(KIND);
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The orchestrator whose final envelopes are archived. */
        public Builder around(Orchestrator orchestrator) {
            this.inner = Objects.requireNonNull(orchestrator, "orchestrator");
            return this;
        }

        /** Where the blocking store writes run; inject {@code Runnable::run} in tests to write inline. */
        public Builder executor(Executor executor) {
            this.io = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @throws ConfigurationException when {@link #around} was not called */
        @Override
        public Archiver build(OrchestratorContext context) {
            if (inner == null) {
                throw new ConfigurationException("archiver '" + name() + "' needs the orchestrator it archives: call around(...)");
            }
            return new Archiver(this, context);
        }
    }
}
