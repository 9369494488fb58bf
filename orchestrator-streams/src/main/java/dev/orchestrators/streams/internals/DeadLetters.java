package dev.orchestrators.streams.internals;

import static dev.orchestrators.streams.Headers.utf8;

import dev.orchestrators.streams.Headers;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds dead-letter records: the original key and value bytes, with the reason and origin in headers. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String flow, byte[] key, byte[] value,
                                                    org.apache.kafka.common.header.Headers originalHeaders,
                                                    String sourceTopic, int partition, long offset, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        if (originalHeaders != null) {
            originalHeaders.forEach(headers::add);
        }
        headers.add(Headers.FLOW, utf8(flow));
        headers.add(Headers.DLQ_REASON, utf8(describe(reason)));
        headers.add(Headers.DLQ_EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(Headers.DLQ_TOPIC, utf8(String.valueOf(sourceTopic)));
        headers.add(Headers.DLQ_PARTITION, utf8(Integer.toString(partition)));
        headers.add(Headers.DLQ_OFFSET, utf8(Long.toString(offset)));
        return new ProducerRecord<>(dlqTopic, null, null, key, value, headers);
    }

    static String describe(Throwable reason) {
        return reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    }
}
