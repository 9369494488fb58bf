package dev.orchestrators.streams.internals.engine;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record a flow's processor writes, already serialised: where it goes (topic and, for records that
 * must stay on the task's own partition, the partition) and what it is. Processors forward outputs to a
 * single downstream node that branches them by topic ({@link FlowOutputs}).
 *
 * @param topic     the destination topic (one of the flow's declared outputs)
 * @param partition the destination partition, or {@code -1} to let the key decide
 * @param value     the serialised value ({@code null} for a tombstone)
 */
public record Output(String topic, int partition, byte[] value) {

    public Output {
        Objects.requireNonNull(topic, "topic");
    }

    public static Output to(String topic, byte[] value) {
        return new Output(topic, -1, value);
    }

    public static Output toPartition(String topic, int partition, byte[] value) {
        return new Output(topic, partition, value);
    }

    /** Fresh headers carrying the run id and flow. */
    public static RecordHeaders runHeaders(String runId, String flow) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(dev.orchestrators.streams.Headers.RUN_ID, dev.orchestrators.streams.Headers.utf8(runId));
        headers.add(dev.orchestrators.streams.Headers.FLOW, dev.orchestrators.streams.Headers.utf8(flow));
        return headers;
    }

    /** A copy of {@code headers} (records must not share mutable headers). */
    public static RecordHeaders copy(Headers headers) {
        RecordHeaders copy = new RecordHeaders();
        headers.forEach(copy::add);
        return copy;
    }
}
