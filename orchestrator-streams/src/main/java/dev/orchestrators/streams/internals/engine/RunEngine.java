package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.RunOutcome;
import dev.orchestrators.streams.internals.observability.AttemptSpans;
import dev.orchestrators.streams.internals.observability.FlowMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the requests of one stream task asynchronously and in key order; shared by every kind's processor,
 * which supplies the {@link Work}: how to start a run and what to write when it finishes.
 *
 * <p><b>Admission.</b> A request still unanswered when {@code process} returns is written to the task's
 * changelogged pending store under its input offset, so the input offset is committed with that write (a
 * run that finished synchronously is answered at once and needs no entry). <b>Answer.</b> When a run
 * finishes, the work forwards its outputs and the engine deletes the pending entry, both on the stream
 * thread, so they are committed together. A crash between the two re-runs the request on the next owner
 * (restored from the changelog): under exactly_once_v2 exactly one answer is committed, under
 * at_least_once none is lost. The work may instead <b>hold</b> a finished request (a saga compensating):
 * its entry and its lane stay until {@link #release}.
 *
 * <p><b>Order.</b> Requests with the same key form a lane: only a lane's head runs; the next starts when
 * it is answered. Different keys run concurrently, up to {@code maxInFlight} runs per task; up to as many
 * again wait admitted for a slot, and beyond that {@link #admit} waits (at most
 * {@code backpressureMaxWait}) for one to finish.
 *
 * <p><b>Retries.</b> Short back-offs wait in memory inside the orchestrator. A longer one parks the request
 * in the pending store with its next attempt time; a wall-clock punctuation restarts it when due, also after
 * a restart. Its lane waits behind it, other lanes do not.
 *
 * <p><b>Observability.</b> Each attempt runs in a span of its own ({@link AttemptSpans}), which the outputs it
 * writes name in their {@code traceparent}; the flow's gauges ({@link FlowMeters}) read this engine's sizes.
 *
 * <p>All state here is touched only by the stream thread (the gauges only read sizes); tool threads hand results
 * (and side-effect ledger writes) over through {@link #onStreamThread}.
 */
public final class RunEngine<R> {
    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);

    /**
     * What a shape does with the engine's runs.
     *
     * @param <R> how one attempt of a run ends, as data (for a flow's requests, a {@code RunOutcome})
     */
    public interface Work<R> {
        /** Starts a run; must not block. Called on the stream thread. */
        CompletionStage<R> start(PendingRequest pending, ExecutionOptions options);

        /** The retry deferral {@code result} asks for (the engine parks the run durably), or {@code null}. */
        RunOutcome.Deferred deferral(R result);

        /** The result of a run whose start threw or whose stage completed exceptionally (a broken contract). */
        R broken(Throwable failure);

        /**
         * Called on the stream thread when a run ended (other than by a retry deferral): forward its outputs.
         *
         * @return true when the request is answered; false to hold it until {@link RunEngine#release}
         */
        boolean finished(long seq, PendingRequest pending, R result);

        /**
         * Called on the stream thread when writing a run's answer failed ({@link #finished} threw): the request is
         * dead-lettered and counts as answered, so one request never stops its lane or the task.
         */
        void deadLetter(PendingRequest pending, Throwable failure);

        /**
         * Whether a request that was held when an earlier owner had the task still waits; false: it was answered
         * meanwhile, and only its release was not committed.
         */
        default boolean stillHeld(long seq, PendingRequest pending) {
            return false;
        }
    }

    private final String flow;
    private final ProcessorContext<?, ?> context;
    private final KeyValueStore<Long, PendingRequest> store;
    private final Work<R> work;
    private final EngineSettings settings;
    private final ShutdownDrain drain;
    private final Clock clock;
    private TaskLedger ledger;
    private FlowMeters meters = FlowMeters.none();
    private AttemptSpans spans;

    private final Map<Long, PendingRequest> admitted = new HashMap<>();
    private final Set<Long> persisted = new HashSet<>();
    private final Map<String, ArrayDeque<Long>> lanes = new HashMap<>();
    private final Set<Long> running = new HashSet<>();
    private final Set<Long> held = new HashSet<>();
    private final ArrayDeque<Long> ready = new ArrayDeque<>();
    private final TreeSet<long[]> parked = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final LinkedBlockingQueue<Runnable> handOver = new LinkedBlockingQueue<>();

    public RunEngine(String flow, ProcessorContext<?, ?> context, KeyValueStore<Long, PendingRequest> store, Work<R> work,
              EngineSettings settings, ShutdownDrain drain, Clock clock) {
        this.flow = flow;
        this.context = context;
        this.store = store;
        this.work = work;
        this.settings = settings;
        this.drain = drain;
        this.clock = clock;
        this.spans = AttemptSpans.of(io.opentelemetry.api.OpenTelemetry.noop(), flow, flow);
    }

    /** The ledger whose run views the engine opens and closes around each run. */
    public void useLedger(TaskLedger taskLedger) {
        this.ledger = taskLedger;
    }

    /** The flow's meters, which count this engine's runs while it runs, and the spans of its attempts. */
    public void observe(FlowMeters flowMeters, AttemptSpans attemptSpans) {
        this.meters = flowMeters;
        this.spans = attemptSpans;
    }

    /** The spans of this engine's attempts: outputs written while one completes name it. */
    public AttemptSpans spans() {
        return spans;
    }

    /** Restores the pending requests of an earlier owner and starts the ticks. Call from {@code init}. */
    public void start() {
        meters.register(this);
        int restored = 0;
        try (KeyValueIterator<Long, PendingRequest> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, PendingRequest> entry = all.next();
                admitted.put(entry.key, entry.value);
                persisted.add(entry.key);
                lanes.computeIfAbsent(entry.value.lane(), l -> new ArrayDeque<>()).add(entry.key);
                restored++;
            }
        }
        if (restored > 0) {
            LOG.info("flow {} task {}: resuming {} pending requests handed over from an earlier owner", flow,
                    context.taskId(), restored);
            for (ArrayDeque<Long> lane : new ArrayList<>(lanes.values())) {
                long head = lane.peek();
                PendingRequest pending = admitted.get(head);
                if (!pending.held()) {
                    startWhenDue(head); // never finished: run it (again)
                } else if (work.stillHeld(head, pending)) {
                    held.add(head);
                } else {
                    answered(head, pending); // finished and answered; its release is done now
                }
            }
        }
        context.schedule(settings.completionInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    private void tick(long now) {
        drainHandOver();
        startDueRetries(now);
        drainHandOver(); // retries of synchronous tools finish at once
    }

    /** Hands {@code task} to the stream thread: it runs at the next record or tick. Thread-safe. */
    public void onStreamThread(Runnable task) {
        handOver.add(task);
    }

    /** Whether input offset {@code seq} is admitted already (re-read after a crash under at_least_once). */
    public boolean isAdmitted(long seq) {
        return admitted.containsKey(seq);
    }

    /** Admits a request read at input offset {@code seq}; runs it when its lane allows. Call from {@code process}. */
    public void admit(long seq, PendingRequest pending) {
        drainHandOver();
        if (admitted.containsKey(seq)) {
            // Under at_least_once the pending store can be ahead of the committed offsets after a crash: this
            // request was restored as pending and is already being answered. Reading it again adds nothing.
            return;
        }
        awaitCapacity();
        admitted.put(seq, pending);
        ArrayDeque<Long> lane = lanes.computeIfAbsent(pending.lane(), l -> new ArrayDeque<>());
        lane.add(seq);
        if (lane.size() == 1) {
            startWhenDue(seq);
        }
        drainHandOver();
        if (admitted.containsKey(seq) && persisted.add(seq)) {
            // Still unanswered when process() returns, so it must survive the commit of its input offset.
            store.put(seq, admitted.get(seq));
        }
    }

    /** Answers a held request: deletes its entry and lets its lane go on. No-op for a request not held. */
    public void release(long seq) {
        if (held.remove(seq)) {
            PendingRequest pending = admitted.get(seq);
            if (pending != null) {
                answered(seq, pending);
            }
        }
    }

    private int active() {
        return admitted.size() - parked.size() - held.size();
    }

    /**
     * Backpressure. Up to {@code maxInFlight} runs execute at once; as many again may wait admitted (in the
     * pending store) for a slot, so that the stream thread seldom blocks on one task while its other tasks'
     * finished runs wait to be forwarded. Beyond that, wait for a finished run, never past the poll interval.
     */
    private void awaitCapacity() {
        int admissionLimit = 2 * settings.maxInFlight();
        if (active() < admissionLimit) {
            return;
        }
        long deadline = clock.millis() + settings.backpressureMaxWait().toMillis();
        while (active() >= admissionLimit) {
            long left = TimeUnit.MILLISECONDS.toNanos(deadline - clock.millis());
            Runnable next = null;
            try {
                next = left > 0 ? handOver.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (next == null) {
                LOG.warn("flow {} task {}: {} requests still active after waiting {} ms; admitting one more",
                        flow, context.taskId(), active(), settings.backpressureMaxWait().toMillis());
                return;
            }
            next.run();
            startReady();
        }
    }

    private void startWhenDue(long seq) {
        PendingRequest pending = admitted.get(seq);
        if (drain.draining()) {
            return; // stays pending: the next owner starts it
        }
        if (pending.notBeforeMs() > context.currentSystemTimeMs()) {
            parked.add(new long[] {pending.notBeforeMs(), seq});
        } else {
            startOrQueue(seq);
        }
    }

    private void startOrQueue(long seq) {
        if (running.size() >= settings.maxInFlight()) {
            ready.add(seq);
        } else {
            launch(seq, admitted.get(seq));
        }
    }

    /** Starts lane heads that were waiting for a run slot. */
    private void startReady() {
        while (!drain.draining() && !ready.isEmpty() && running.size() < settings.maxInFlight()) {
            long seq = ready.poll();
            launch(seq, admitted.get(seq));
        }
    }

    private void startDueRetries(long now) {
        while (!drain.draining() && !parked.isEmpty() && parked.first()[0] <= now) {
            startOrQueue(parked.pollFirst()[1]);
        }
    }

    private void launch(long seq, PendingRequest pending) {
        running.add(seq);
        drain.runStarted();
        if (ledger != null) {
            ledger.open(pending.runId());
        }
        ExecutionOptions options = ExecutionOptions.forFlow(flow)
                .withRunAttempt(pending.attempt())
                .withMaxInMemoryBackoff(settings.maxInMemoryBackoff())
                .withSpentAttempts(pending.spent())
                .withHandOff()
                .withTraceParent(spans.start(seq, pending));
        try {
            work.start(pending, options).whenComplete((result, failure) -> handOver.add(
                    new Finished(seq, failure == null ? result : work.broken(FailureClassifier.unwrap(failure)))));
        } catch (RuntimeException e) {
            handOver.add(new Finished(seq, work.broken(e)));
        }
    }

    /** Runs what tool threads handed over (finished runs, ledger writes) and starts waiting lane heads. */
    public void drainHandOver() {
        Runnable next;
        while ((next = handOver.poll()) != null) {
            next.run();
        }
        startReady();
    }

    private void complete(long seq, R result) {
        if (running.remove(seq)) {
            drain.runsEnded(1);
        }
        PendingRequest pending = admitted.get(seq);
        if (pending == null) {
            return; // answered already: cannot happen, runs are started once per admission
        }
        if (ledger != null) {
            ledger.close(pending.runId());
        }
        spans.completing(seq);
        RunOutcome.Deferred deferred = work.deferral(result);
        if (deferred != null) {
            park(seq, pending, deferred);
            spans.completed("parked");
            return;
        }
        boolean answer;
        try {
            answer = work.finished(seq, pending, result);
        } catch (RuntimeException writeFailed) {
            try {
                work.deadLetter(pending, writeFailed);
            } catch (RuntimeException alsoFailed) {
                writeFailed.addSuppressed(alsoFailed);
                LOG.error("flow {}: run {} could be neither answered nor dead-lettered; its request is dropped", flow,
                        pending.runId(), writeFailed);
            }
            answer = true;
        }
        spans.completed(answer ? "answered" : "held");
        if (answer) {
            answered(seq, pending);
        } else {
            // Marked in the store in the same commit as what it waits for, so a restart never runs it again.
            PendingRequest holding = pending.asHeld();
            admitted.put(seq, holding);
            store.put(seq, holding);
            persisted.add(seq);
            held.add(seq);
        }
    }

    private void park(long seq, PendingRequest pending, RunOutcome.Deferred deferred) {
        long notBefore = context.currentSystemTimeMs() + deferred.delay().toMillis();
        PendingRequest parkedRequest = pending.parkedUntil(notBefore,
                ExecutionOptions.attemptKey(deferred.step(), deferred.tool()), deferred.nextAttempt() - 1);
        store.put(seq, parkedRequest);
        persisted.add(seq);
        admitted.put(seq, parkedRequest);
        parked.add(new long[] {notBefore, seq});
        LOG.debug("flow {}: run {} parked for {} ms before attempt {} of {}", flow, pending.runId(),
                deferred.delay().toMillis(), deferred.nextAttempt(), deferred.tool());
    }

    private void answered(long seq, PendingRequest pending) {
        if (persisted.remove(seq)) {
            store.put(seq, null); // a delete that does not read (and deserialise) the value it removes
        }
        admitted.remove(seq);
        ArrayDeque<Long> lane = lanes.get(pending.lane());
        lane.remove(seq);
        if (lane.isEmpty()) {
            lanes.remove(pending.lane());
        } else {
            startWhenDue(lane.peek());
        }
    }

    /**
     * Waits up to the drain deadline for running tool calls to finish, so none is abandoned half-way, then
     * leaves every unanswered request in the pending store: the task's next owner resumes them. Kafka
     * Streams has already committed when it closes a processor, so nothing handed over now is forwarded or
     * written (it could not be committed); an orderly shutdown avoids that by draining first through
     * {@link ShutdownDrain}.
     */
    public void close() {
        long deadline = clock.millis() + settings.shutdownDrain().toMillis();
        int finished = 0;
        while (!running.isEmpty() && clock.millis() < deadline) {
            try {
                Runnable done = handOver.poll(deadline - clock.millis(), TimeUnit.MILLISECONDS);
                if (done == null) {
                    break; // waited out the rest of the deadline
                }
                if (done instanceof RunEngine<?>.Finished f && running.remove(f.seq())) {
                    drain.runsEnded(1);
                    finished++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drain.runsEnded(running.size()); // abandoned here, recomputed by the next owner
        meters.unregister(this);
        spans.close();
        if (!admitted.isEmpty()) {
            LOG.info("flow {} task {}: handing {} unanswered requests to the next owner ({} calls finished while draining, {} still running)",
                    flow, context.taskId(), admitted.size(), finished, running.size());
        }
    }

    /** Runs started and not finished; read by the flow's gauge from another thread (a plain read of a size). */
    public int runningCount() {
        return running.size();
    }

    /** Requests admitted and not answered. */
    public int pendingCount() {
        return admitted.size();
    }

    /** Requests parked until a retry is due. */
    public int parkedCount() {
        return parked.size();
    }

    /** Requests held after their run finished. */
    public int heldCount() {
        return held.size();
    }

    /** A run that ended, handed to the stream thread. */
    private final class Finished implements Runnable {
        private final long seq;
        private final R result;

        Finished(long seq, R result) {
            this.seq = seq;
            this.result = result;
        }

        long seq() {
            return seq;
        }

        @Override
        public void run() {
            complete(seq, result);
        }
    }

    /** The engine's settings, from the flow's configuration. */
    public record EngineSettings(int maxInFlight, Duration maxInMemoryBackoff, Duration backpressureMaxWait,
                          Duration shutdownDrain, Duration completionInterval) {
    }
}
