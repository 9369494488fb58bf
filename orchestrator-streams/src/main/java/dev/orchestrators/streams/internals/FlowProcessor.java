package dev.orchestrators.streams.internals;

import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a flow's orchestrator for every request of one stream task, asynchronously and in key order.
 *
 * <p><b>Admission.</b> A request still unanswered when {@link #process} returns is written to the task's
 * changelogged pending store under its input offset, so the input offset is committed with that write (a
 * run that finished synchronously is answered at once and needs no entry). <b>Answer.</b> When a run
 * finishes, its envelope and audit records are forwarded and its pending entry deleted by the stream
 * thread, so they are committed together. A crash between the two re-runs the request on the next owner
 * (restored from the changelog): under exactly_once_v2 exactly one envelope is committed, under
 * at_least_once none is lost.
 *
 * <p><b>Order.</b> Requests with the same key form a lane: only a lane's head runs; the next starts when
 * it is answered. Different keys run concurrently, up to {@code maxInFlight} runs per task; up to as many
 * again wait admitted for a slot, and beyond that {@link #process} waits (at most
 * {@code backpressureMaxWait}) for one to finish.
 *
 * <p><b>Retries.</b> Short back-offs wait in memory inside the orchestrator. A longer one parks the request
 * in the pending store with its next attempt time; a wall-clock punctuation restarts it when due, also after
 * a restart. Its lane waits behind it, other lanes do not.
 *
 * <p>All state here is touched only by the stream thread; tool threads hand results over through
 * {@link #completions}.
 */
public final class FlowProcessor implements Processor<String, Request, String, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(FlowProcessor.class);
    private static final org.apache.kafka.common.serialization.Serializer<Envelope> ENVELOPE_SERIALIZER =
            JsonSerde.envelope().serializer();

    private final String flow;
    private final OrchestratorFactory factory;
    private final OrchestratorContext baseContext;
    private final FlowProcessorSettings settings;
    private final ShutdownDrain drain;

    private final Map<Long, PendingRequest> admitted = new HashMap<>();
    private final Set<Long> persisted = new HashSet<>();
    private final Map<String, ArrayDeque<Long>> lanes = new HashMap<>();
    private final Set<Long> running = new HashSet<>();
    private final ArrayDeque<Long> ready = new ArrayDeque<>();
    private final TreeSet<long[]> parked = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();

    private ProcessorContext<String, Object> context;
    private KeyValueStore<Long, PendingRequest> store;
    private Orchestrator orchestrator;
    private RunAuditCollector audit;

    public FlowProcessor(String flow, OrchestratorFactory factory, OrchestratorContext baseContext,
                         FlowProcessorSettings settings, ShutdownDrain drain) {
        this.flow = flow;
        this.drain = drain;
        this.factory = factory;
        this.baseContext = baseContext;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(FlowTopology.pendingStoreName(flow));
        this.audit = new RunAuditCollector();
        this.orchestrator = factory.create(baseContext.toBuilder().auditStore(audit).build());
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
            lanes.values().forEach(lane -> startWhenDue(lane.peek()));
        }
        context.schedule(settings.completionInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            drainCompletions();
            startDueRetries(now);
            drainCompletions(); // retries of synchronous tools finish at once
        });
    }

    @Override
    public void process(Record<String, Request> record) {
        drainCompletions();
        long seq = context.recordMetadata().map(m -> m.offset()).orElseThrow(
                () -> new IllegalStateException("a request has no input offset"));
        if (admitted.containsKey(seq)) {
            // Under at_least_once the pending store can be ahead of the committed offsets after a crash: this
            // request was restored as pending and is already being answered. Reading it again adds nothing.
            return;
        }
        awaitCapacity();
        Request request = record.value();
        String runId = request.runId() != null ? request.runId() : runIdFromHeaderOrNew(record);
        PendingRequest pending = PendingRequest.admitted(record.key(), runId, request.payload(), record.timestamp());
        admitted.put(seq, pending);
        ArrayDeque<Long> lane = lanes.computeIfAbsent(pending.lane(), l -> new ArrayDeque<>());
        lane.add(seq);
        if (lane.size() == 1) {
            startWhenDue(seq);
        }
        drainCompletions();
        if (admitted.containsKey(seq) && persisted.add(seq)) {
            // Still unanswered when process() returns, so it must survive the commit of its input offset.
            // A run that finished synchronously (in-memory tools) was answered above and needs no entry;
            // one parked synchronously for a retry is persisted already.
            store.put(seq, admitted.get(seq));
        }
    }

    private static String runIdFromHeaderOrNew(Record<String, Request> record) {
        String fromHeader = Headers.lastValue(record.headers(), Headers.RUN_ID);
        return fromHeader == null || fromHeader.isBlank() ? Payload.newRunId() : fromHeader;
    }

    private int active() {
        return admitted.size() - parked.size();
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
        long deadline = System.nanoTime() + settings.backpressureMaxWait().toNanos();
        while (active() >= admissionLimit) {
            long left = deadline - System.nanoTime();
            Completion next = null;
            try {
                next = left > 0 ? completions.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (next == null) {
                LOG.warn("flow {} task {}: {} requests still active after waiting {} ms; admitting one more",
                        flow, context.taskId(), active(), settings.backpressureMaxWait().toMillis());
                return;
            }
            complete(next);
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
        ExecutionOptions options = ExecutionOptions.forFlow(flow)
                .withRunAttempt(pending.attempt())
                .withMaxInMemoryBackoff(settings.maxInMemoryBackoff())
                .withSpentAttempts(pending.spent());
        try {
            orchestrator.execute(pending.toPayload(), options)
                    .whenComplete((envelope, failure) -> completions.add(new Completion(seq, envelope, failure)));
        } catch (RuntimeException e) {
            completions.add(new Completion(seq, null, e));
        }
    }

    private void drainCompletions() {
        Completion next;
        while ((next = completions.poll()) != null) {
            complete(next);
        }
        startReady();
    }

    private void complete(Completion done) {
        if (running.remove(done.seq())) {
            drain.runsEnded(1);
        }
        PendingRequest pending = admitted.get(done.seq());
        if (pending == null) {
            return; // answered already: cannot happen, runs are started once per admission
        }
        Throwable failure = done.failure() == null ? null : FailureClassifier.unwrap(done.failure());
        if (failure instanceof RetryDeferredException deferred) {
            park(done.seq(), pending, deferred);
            return;
        }
        byte[] envelopeJson = null;
        if (failure != null) {
            deadLetter(pending, failure);
        } else {
            envelopeJson = forwardEnvelope(pending, done.envelope());
        }
        for (AuditRecord record : audit.drain(pending.runId())) {
            // The final envelope is serialised once, for the result and its audit entry alike.
            Object value = envelopeJson != null && record.envelope() == done.envelope()
                    ? JsonSerde.auditRecordWithEnvelope(record, envelopeJson) : record;
            context.forward(new Record<>(record.key(), value, context.currentSystemTimeMs(), runHeaders(pending)),
                    FlowTopology.AUDIT_SINK);
        }
        answered(done.seq(), pending);
    }

    private void park(long seq, PendingRequest pending, RetryDeferredException deferred) {
        long notBefore = context.currentSystemTimeMs() + deferred.delay().toMillis();
        PendingRequest parkedRequest = pending.parkedUntil(notBefore,
                ExecutionOptions.attemptKey(deferred.step(), deferred.tool()), deferred.nextAttempt() - 1);
        store.put(seq, parkedRequest);
        persisted.add(seq);
        admitted.put(seq, parkedRequest);
        parked.add(new long[] {notBefore, seq});
        audit.drain(pending.runId()); // the run has not ended; its final entries come with its last attempt
        LOG.debug("flow {}: run {} parked for {} ms before attempt {} of {}", flow, pending.runId(),
                deferred.delay().toMillis(), deferred.nextAttempt(), deferred.tool());
    }

    /** Forwards the envelope to the results topic and returns its JSON. */
    private byte[] forwardEnvelope(PendingRequest pending, Envelope envelope) {
        RecordHeaders headers = runHeaders(pending);
        headers.add(Headers.STATUS, Headers.utf8(envelope.status().name()));
        byte[] json = ENVELOPE_SERIALIZER.serialize(TopicNames.results(flow), envelope);
        context.forward(new Record<>(pending.key(), (Object) json, pending.timestamp(), headers), FlowTopology.RESULTS_SINK);
        return json;
    }

    private void deadLetter(PendingRequest pending, Throwable failure) {
        LOG.error("flow {}: run {} could not be completed; request sent to the dead-letter topic", flow, pending.runId(), failure);
        RecordHeaders headers = runHeaders(pending);
        headers.add(Headers.DLQ_REASON, Headers.utf8(DeadLetters.describe(failure)));
        headers.add(Headers.DLQ_EXCEPTION, Headers.utf8(failure.getClass().getName()));
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(new Request(pending.runId(), pending.payload()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            value = new byte[0];
            failure.addSuppressed(e);
        }
        context.forward(new Record<>(pending.key(), (Object) value, pending.timestamp(), headers),
                FlowTopology.DLQ_SINK);
    }

    private RecordHeaders runHeaders(PendingRequest pending) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.RUN_ID, Headers.utf8(pending.runId()));
        headers.add(Headers.FLOW, Headers.utf8(flow));
        return headers;
    }

    private void answered(long seq, PendingRequest pending) {
        if (persisted.remove(seq)) {
            store.delete(seq);
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
     * Streams has already committed when it closes a processor, so runs finishing here are not forwarded;
     * an orderly shutdown avoids that by draining first through {@link ShutdownDrain}.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.shutdownDrain().toNanos();
        int finished = 0;
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Completion done = completions.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (done != null && running.remove(done.seq())) {
                    drain.runsEnded(1);
                    finished++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drain.runsEnded(running.size()); // abandoned here, recomputed by the next owner
        if (!admitted.isEmpty()) {
            LOG.info("flow {} task {}: handing {} unanswered requests to the next owner ({} calls finished while draining, {} still running)",
                    flow, context == null ? "?" : context.taskId(), admitted.size(), finished, running.size());
        }
    }

    private record Completion(long seq, Envelope envelope, Throwable failure) {
    }

    /** Settings of one flow's processors. */
    public record FlowProcessorSettings(int maxInFlight, Duration maxInMemoryBackoff, Duration backpressureMaxWait,
                                        Duration shutdownDrain, Duration completionInterval) {
    }
}
