package dev.orchestrators.streams.internals.engine;

import static dev.orchestrators.streams.Headers.utf8;

import dev.orchestrators.streams.Headers;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, with the reason and origin in headers, both
 * ours ({@code dlq.*}) and the ones Kafka Streams' own dead-letter queue writes (KIP-1034:
 * {@code __streams.errors.exception}, {@code .message}, {@code .stacktrace}, {@code .topic}, {@code .partition},
 * {@code .offset}), so tools built for Streams dead letters read ours too.
 */
public final class DeadLetters {
    /** KIP-1034 header names, as Kafka Streams writes them. */
    public static final String STREAMS_EXCEPTION = "__streams.errors.exception";
    public static final String STREAMS_MESSAGE = "__streams.errors.message";
    public static final String STREAMS_STACKTRACE = "__streams.errors.stacktrace";
    public static final String STREAMS_TOPIC = "__streams.errors.topic";
    public static final String STREAMS_PARTITION = "__streams.errors.partition";
    public static final String STREAMS_OFFSET = "__streams.errors.offset";
    /** A stack trace header is cut at this many characters, so a dead letter never outgrows the record limits. */
    static final int MAX_STACKTRACE_CHARS = 8_192;

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String flow, byte[] key, byte[] value,
                                                    org.apache.kafka.common.header.Headers originalHeaders,
                                                    String sourceTopic, int partition, long offset, Throwable reason) {
        return new ProducerRecord<>(dlqTopic, null, null, key, value,
                headers(flow, originalHeaders, sourceTopic, partition, offset, reason));
    }

    /** The original headers, then ours and Kafka Streams' describing {@code reason} and the source record. */
    public static RecordHeaders headers(String flow, org.apache.kafka.common.header.Headers originalHeaders, String sourceTopic,
                                 int partition, long offset, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        if (originalHeaders != null) {
            originalHeaders.forEach(headers::add);
        }
        String message = describe(reason);
        headers.add(Headers.FLOW, utf8(flow));
        headers.add(Headers.DLQ_REASON, utf8(message));
        headers.add(Headers.DLQ_EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(Headers.DLQ_TOPIC, utf8(String.valueOf(sourceTopic)));
        headers.add(Headers.DLQ_PARTITION, utf8(Integer.toString(partition)));
        headers.add(Headers.DLQ_OFFSET, utf8(Long.toString(offset)));
        headers.add(STREAMS_EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(STREAMS_MESSAGE, utf8(message));
        headers.add(STREAMS_STACKTRACE, utf8(stackTrace(reason)));
        headers.add(STREAMS_TOPIC, utf8(String.valueOf(sourceTopic)));
        headers.add(STREAMS_PARTITION, utf8(Integer.toString(partition)));
        headers.add(STREAMS_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    public static String describe(Throwable reason) {
        return reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    }

    private static String stackTrace(Throwable reason) {
        StringWriter out = new StringWriter();
        reason.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() <= MAX_STACKTRACE_CHARS ? trace : trace.substring(0, MAX_STACKTRACE_CHARS) + "\n\t... (cut)";
    }
}
