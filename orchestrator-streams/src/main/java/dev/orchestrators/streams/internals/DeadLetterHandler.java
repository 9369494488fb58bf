package dev.orchestrators.streams.internals;

import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization and processing exception handler for a flow: a request that cannot
 * be read or processed is sent, with its original bytes, the reason and its source topic, partition and
 * offset, to the flow's dead-letter topic ({@code errors.dead.letter.queue.topic.name}), in the same
 * transaction under exactly-once; the stream resumes with the next record.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private String dlqTopic;
    private String flow;

    @Override
    public void configure(Map<String, ?> configs) {
        this.dlqTopic = required(configs, StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        this.flow = required(configs, OrchestratorConfig.FLOW_CONFIG);
    }

    private static String required(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(key, value, "the dead-letter handler needs " + key);
        }
        return value.toString();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("flow {}: record {}-{}@{} cannot be read; sent to {}: {}", flow, record.topic(), record.partition(),
                record.offset(), dlqTopic, DeadLetters.describe(exception));
        return DeserializationExceptionHandler.Response.resume(List.of(DeadLetters.of(dlqTopic, flow, record.key(),
                record.value(), record.headers(), record.topic(), record.partition(), record.offset(), exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (context.sourceRawValue() == null) {
            // Raised from a punctuation, not from a request: there is no original record to dead-letter.
            LOG.error("flow {}: processor {} failed outside any request (task {}); nothing to dead-letter",
                    flow, context.processorNodeId(), context.taskId(), exception);
            return ProcessingExceptionHandler.Response.resume();
        }
        LOG.error("flow {}: record {}-{}@{} failed in processor {}; sent to {}", flow, context.topic(), context.partition(),
                context.offset(), context.processorNodeId(), dlqTopic, exception);
        return ProcessingExceptionHandler.Response.resume(List.of(DeadLetters.of(dlqTopic, flow, context.sourceRawKey(),
                context.sourceRawValue(), context.headers(), context.topic(), context.partition(), context.offset(), exception)));
    }
}
