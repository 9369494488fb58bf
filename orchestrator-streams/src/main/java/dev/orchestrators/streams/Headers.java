package dev.orchestrators.streams;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/** Header names the runtime reads and writes. Values are UTF-8 strings. */
public final class Headers {
    /** Correlation id: read from requests (optional), written on results, audit and dead letters. */
    public static final String RUN_ID = "run_id";
    /** The flow that produced a result or dead letter. */
    public static final String FLOW = "flow";
    /** The envelope's status, so consumers can filter without parsing. */
    public static final String STATUS = "status";
    /**
     * Requests: where to send the envelope as well as {@code <flow>.results}. Set by a router on the request
     * it passes to a sub-flow; honoured only for the result topics of routers that route to the flow.
     */
    public static final String REPLY_TO = "reply_to";
    /** Requests a router passed on: the router's flow and the route it chose. */
    public static final String ROUTED_BY = "routed_by";
    public static final String ROUTE = "route";
    /** Requests a router passed on: its whole decision (router, route, flow, reason) as JSON, for the answer's details. */
    public static final String ROUTE_DECISION = "route_decision";
    /** Requests emitted by a scheduler: the job that emitted them and the scheduler's flow. */
    public static final String JOB_ID = "job_id";
    public static final String SCHEDULED_BY = "scheduled_by";
    /** Envelopes of a replay ({@code <flow>.replay}): {@code match}, {@code differs} or {@code not_audited}. */
    public static final String REPLAY_OUTCOME = "replay_outcome";
    /**
     * W3C Trace Context: read on requests (optional), written on results, audit records, dead letters, routed
     * requests and compensation commands, naming the span of the run's processing (see {@code docs/observability.md}).
     */
    public static final String TRACEPARENT = "traceparent";
    /** W3C Trace Context vendor state, carried with {@link #TRACEPARENT}. */
    public static final String TRACESTATE = "tracestate";
    /** Dead letters: why the record could not be read or processed. */
    public static final String DLQ_REASON = "dlq.reason";
    /** Dead letters: the exception class. */
    public static final String DLQ_EXCEPTION = "dlq.exception";
    /** Dead letters: where the original record came from. */
    public static final String DLQ_TOPIC = "dlq.source.topic";
    public static final String DLQ_PARTITION = "dlq.source.partition";
    public static final String DLQ_OFFSET = "dlq.source.offset";

    private Headers() {
    }

    /** The UTF-8 value of the last header named {@code name}, or {@code null}. */
    public static String lastValue(org.apache.kafka.common.header.Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
