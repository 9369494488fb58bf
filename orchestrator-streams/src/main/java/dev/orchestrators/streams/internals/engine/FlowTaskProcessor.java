package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.internals.observability.AttemptSpans;
import dev.orchestrators.streams.internals.observability.FlowMeters;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import dev.orchestrators.streams.serde.WireFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every kind's processor shares: one {@link RunEngine} per task over the task's pending store, the
 * task's side-effect ledger and audit collector, and the writing of envelopes (to the flow's results and,
 * for a routed request, the router's), audit records and dead letters as {@link Output}s.
 *
 * <p>Confined to the stream thread, except for what the engine hands over.
 *
 * @param <V> the input value type
 * @param <R> how one attempt of a run ends (see {@link RunEngine.Work})
 */
public abstract class FlowTaskProcessor<V, R> implements Processor<String, V, String, Output>, RunEngine.Work<R> {
    private static final Logger LOG = LoggerFactory.getLogger(FlowTaskProcessor.class);
    private static final Serializer<Envelope> ENVELOPE = JsonSerde.envelope().serializer();
    private static final Serializer<AuditRecord> AUDIT = JsonSerde.auditRecord().serializer();
    private static final List<String> CARRIED = List.of(Headers.REPLY_TO, Headers.ROUTED_BY, Headers.ROUTE,
            Headers.ROUTE_DECISION, Headers.TRACEPARENT, Headers.TRACESTATE);

    protected final FlowSpec spec;
    protected ProcessorContext<String, Output> context;
    protected RunEngine<R> engine;
    protected RunAuditCollector audit;
    protected TaskLedger ledger;

    protected FlowTaskProcessor(FlowSpec spec) {
        this.spec = spec;
    }

    /** The store this processor's engine keeps admitted requests in. */
    protected abstract String pendingStoreName();

    /** Creates the kind's orchestrator (or other per-task state) with the task's services. */
    protected abstract void initKind(OrchestratorContext taskContext);

    /** The request read at the current offset, or {@code null} to skip the record. */
    protected abstract PendingRequest toPending(Record<String, V> record);

    /** The task's services: the runtime's, with this task's audit collector and side-effect ledger. */
    protected OrchestratorContext.Builder taskContext() {
        return spec.context().toBuilder().auditStore(audit).sideEffects(ledger);
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        KeyValueStore<Long, PendingRequest> store = processorContext.getStateStore(pendingStoreName());
        this.engine = new RunEngine<>(spec.name(), processorContext, store, this, spec.engine(), spec.drain(),
                spec.context().clock());
        WindowStore<String, TaskLedger.Entries> ledgerStore = processorContext.getStateStore(FlowSpec.ledgerStore(spec.name()));
        this.ledger = new TaskLedger(ledgerStore, spec.ledgerRetention(), engine::onStreamThread,
                processorContext::currentSystemTimeMs);
        engine.useLedger(ledger);
        engine.observe(spec.meters(), AttemptSpans.of(spec.context().openTelemetry(), spec.name(), inputTopic()));
        this.audit = new RunAuditCollector();
        initKind(taskContext().build());
        engine.start();
    }

    /** The topic this processor reads (its attempts' spans are named for it). */
    protected String inputTopic() {
        return spec.requests();
    }

    @Override
    public void process(Record<String, V> record) {
        long seq = context.recordMetadata().map(m -> m.offset()).orElseThrow(
                () -> new IllegalStateException("a request has no input offset"));
        if (engine.isAdmitted(seq)) {
            engine.drainHandOver();
            return;
        }
        checkLimits(record);
        PendingRequest pending = toPending(record);
        if (pending != null) {
            if (pending.runId().length() > spec.limits().runIdLength()) {
                throw new RequestRejectedException("the run id is " + pending.runId().length() + " characters, over the limit of "
                        + spec.limits().runIdLength() + " (" + OrchestratorConfig.LIMIT_RUN_ID_LENGTH_CONFIG + ")");
            }
            engine.admit(seq, pending);
        }
    }

    /** Refuses a request whose key or headers are over the limits: the processing handler dead-letters it. */
    private void checkLimits(Record<String, V> record) {
        RequestLimits limits = spec.limits();
        if (record.key() != null) {
            int keyBytes = Utf8.length(record.key());
            if (keyBytes > limits.keyBytes()) {
                throw new RequestRejectedException("the record key is " + keyBytes + " bytes, over the limit of "
                        + limits.keyBytes() + " (" + OrchestratorConfig.LIMIT_KEY_BYTES_CONFIG + ")");
            }
        }
        int count = 0;
        long bytes = 0;
        for (org.apache.kafka.common.header.Header header : record.headers()) {
            count++;
            bytes += Utf8.length(header.key()) + (header.value() == null ? 0 : header.value().length);
        }
        if (count > limits.headers()) {
            throw new RequestRejectedException("the request has " + count + " headers, over the limit of " + limits.headers()
                    + " (" + OrchestratorConfig.LIMIT_HEADERS_CONFIG + ")");
        }
        if (bytes > limits.headerBytes()) {
            throw new RequestRejectedException("the request's headers are " + bytes + " bytes, over the limit of "
                    + limits.headerBytes() + " (" + OrchestratorConfig.LIMIT_HEADER_BYTES_CONFIG + ")");
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /**
     * The run id of a request: the payload's, else the header's, else one derived from where the request is
     * ({@code <topic>-<partition>-<offset>}): the same every time the request is read, so a request re-read after
     * a crash keeps its run id, and its side effects their idempotency keys.
     */
    protected String runIdOf(Request request, Record<String, ?> record) {
        if (request.runId() != null) {
            return request.runId();
        }
        String fromHeader = Headers.lastValue(record.headers(), Headers.RUN_ID);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "-" + m.offset())
                .orElseThrow(() -> new IllegalStateException("a request without a run id has no input position"));
    }

    /**
     * The headers an answer needs later: reply-to and route, when a router passed the request on, and the W3C trace
     * context the request came with.
     */
    protected static Map<String, String> carriedHeaders(Record<String, ?> record) {
        Map<String, String> carried = new LinkedHashMap<>();
        for (String name : CARRIED) {
            String value = Headers.lastValue(record.headers(), name);
            if (value != null) {
                carried.put(name, value);
            }
        }
        return carried;
    }

    /**
     * Writes {@code envelope} to the flow's results (and to the router's results when the request came
     * through a router that routes here) and the run's audit records, the envelope's entry spliced from the
     * same bytes.
     */
    protected void answer(PendingRequest pending, Envelope envelope) {
        Envelope out = withRoute(pending, envelope);
        if (out.records().size() > spec.limits().recordsPerEnvelope()) {
            throw new RequestRejectedException("the envelope has " + out.records().size() + " records, over the limit of "
                    + spec.limits().recordsPerEnvelope() + " (" + OrchestratorConfig.LIMIT_RECORDS_PER_ENVELOPE_CONFIG + ")");
        }
        // The JSON is written once: it is the audit entry's envelope, and the result itself on a JSON flow.
        byte[] json = ENVELOPE.serialize(spec.results(), out);
        List<Map.Entry<String, byte[]>> auditEntries = auditEntries(pending, out, json);
        byte[] result = inFormatOf(spec.name(), spec.results(), out, json);
        String replyTo = pending.carried().get(Headers.REPLY_TO);
        boolean replies = replyTo != null && spec.replyTopics().contains(replyTo);
        byte[] reply = replies ? inFormatOf(pending.carried().get(Headers.ROUTED_BY), replyTo, out, json) : null;
        // Check every output before writing any: a run is answered whole, or dead-lettered.
        requireWithinResultLimit("envelope", result.length);
        if (reply != null) {
            requireWithinResultLimit("envelope", reply.length);
        }
        auditEntries.forEach(entry -> requireWithinResultLimit("audit entry", entry.getValue().length));
        RecordHeaders headers = runHeaders(pending);
        headers.add(Headers.STATUS, Headers.utf8(out.status().name()));
        forward(pending.key(), Output.to(spec.results(), result), pending.timestamp(), headers);
        spec.meters().answered(out.status());
        if (replyTo != null) {
            if (replies) {
                forward(pending.key(), Output.to(replyTo, reply), pending.timestamp(), Output.copy(headers));
            } else {
                LOG.warn("flow {}: run {} asked for a reply on {}, which no router routing to this flow answers on; "
                        + "answered on {} only", spec.name(), pending.runId(), replyTo, spec.results());
            }
        }
        forwardAudit(pending, auditEntries);
        if (spec.telemetry() != null) {
            spec.telemetry().observe(out); // never blocks, never throws
        }
    }

    /** {@code envelope} as a value of {@code topic}, written in {@code flow}'s format: {@code json} itself for JSON. */
    private byte[] inFormatOf(String flow, String topic, Envelope envelope, byte[] json) {
        WireFormat format = spec.wire().of(flow);
        return format.kind() == WireFormat.Kind.JSON ? json : format.serializeEnvelope(topic, envelope);
    }

    private void requireWithinResultLimit(String what, int bytes) {
        if (bytes > spec.limits().resultBytes()) {
            throw new RequestRejectedException("the " + what + " is " + bytes + " bytes, over the limit of "
                    + spec.limits().resultBytes() + " (" + OrchestratorConfig.LIMIT_RESULT_BYTES_CONFIG + ")");
        }
    }

    /**
     * {@code envelope} with the router's decision in {@code metadata.details.route}, as the router run in process
     * puts it, when the request came through a router that routes here.
     */
    private Envelope withRoute(PendingRequest pending, Envelope envelope) {
        String router = pending.carried().get(Headers.ROUTED_BY);
        if (router == null || !spec.replyTopics().contains(pending.carried().get(Headers.REPLY_TO))) {
            return envelope;
        }
        Map<String, Object> route = routeDecision(pending.carried().get(Headers.ROUTE_DECISION));
        if (route == null) { // passed on by an earlier version, without the decision
            route = new LinkedHashMap<>();
            route.put("router", router);
            route.put("route", pending.carried().get(Headers.ROUTE));
            route.put("flow", spec.name());
        }
        return envelope.withMetadata(envelope.metadata().withDetail("route", route));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> routeDecision(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, LinkedHashMap.class);
        } catch (java.io.IOException e) {
            LOG.warn("a routed request carries an unreadable {} header; its envelope names the route only", Headers.ROUTE_DECISION, e);
            return null;
        }
    }

    /** Writes the run's audit records (those it has not answered with an envelope, such as a routed request's). */
    protected void forwardAudit(PendingRequest pending, Envelope envelope, byte[] envelopeJson) {
        forwardAudit(pending, auditEntries(pending, envelope, envelopeJson));
    }

    private void forwardAudit(PendingRequest pending, List<Map.Entry<String, byte[]>> entries) {
        for (Map.Entry<String, byte[]> entry : entries) {
            forward(entry.getKey(), Output.to(spec.auditTopic(), entry.getValue()), context.currentSystemTimeMs(),
                    runHeaders(pending));
        }
    }

    /** The run's audit records, keyed and serialised; the final envelope's entry reuses {@code envelopeJson} when given. */
    private List<Map.Entry<String, byte[]>> auditEntries(PendingRequest pending, Envelope envelope, byte[] envelopeJson) {
        List<Map.Entry<String, byte[]>> entries = new java.util.ArrayList<>();
        for (AuditRecord record : audit.drain(pending.runId())) {
            byte[] value;
            if (record.kind() == AuditKind.ENVELOPE && envelopeJson != null) {
                // The final envelope is serialised once, for the result and its audit entry alike (with the route, if any).
                AuditRecord finalEntry = envelope == null ? record : AuditRecord.ofEnvelope(envelope, record.at());
                value = JsonSerde.auditRecordWithEnvelope(finalEntry, envelopeJson);
            } else {
                value = AUDIT.serialize(spec.auditTopic(), record);
            }
            entries.add(Map.entry(record.key(), value));
        }
        return entries;
    }

    /**
     * Sends the request, as admitted (re-serialised), to the dead-letter topic: it could not be answered (an
     * orchestrator that broke its contract, or an answer over a limit). Called from {@link RunEngine} too, when
     * writing an answer failed, so one request never stops its lane.
     */
    @Override
    public void deadLetter(PendingRequest pending, Throwable failure) {
        if (failure instanceof dev.orchestrators.core.errors.OrchestratorException expected) {
            LOG.warn("flow {}: run {} could not be answered; request sent to {}: {}", spec.name(), pending.runId(),
                    spec.deadLetters(), expected.getMessage());
        } else {
            LOG.error("flow {}: run {} could not be completed; request sent to {}", spec.name(), pending.runId(),
                    spec.deadLetters(), failure);
        }
        RecordHeaders headers = DeadLetters.headers(spec.name(), runHeaders(pending),
                spec.requests(), context.taskId().partition(), -1, failure);
        byte[] value;
        Request request = new Request(pending.runId(), pending.payload());
        try {
            // As it would be on the request topic, so that copying it back there replays it.
            value = spec.format().serializeRequest(spec.requests(), request);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            value = asJsonOrNothing(request, failure);
        }
        audit.drain(pending.runId());
        forward(pending.key(), Output.to(spec.deadLetters(), value), pending.timestamp(), headers);
        spec.meters().deadLettered(FlowMeters.DeadLetterReason.UNANSWERED);
        engine.spans().deadLettered(failure);
    }

    /** Fresh headers for an output of {@code pending}'s run: run id, flow, and the trace context of its attempt. */
    protected RecordHeaders runHeaders(PendingRequest pending) {
        RecordHeaders headers = Output.runHeaders(pending.runId(), spec.name());
        engine.spans().addHeaders(pending, headers);
        return headers;
    }

    /** The request as JSON when its own format could not write it (the dead letter says why), else no value. */
    private byte[] asJsonOrNothing(Request request, Throwable failure) {
        try {
            return WireFormat.json().serializeRequest(spec.requests(), request);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return new byte[0];
        }
    }

    protected void forward(String key, Output output, long timestamp, RecordHeaders headers) {
        context.forward(new Record<>(key, output, timestamp, headers));
    }

    protected Duration tick() {
        return spec.engine().completionInterval();
    }
}
