package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.internals.observability.FlowMeters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization, processing and production exception handler for a flow, so that no input
 * stops a partition:
 * <ul>
 *   <li>a request that cannot be read, or is refused before it is admitted (over a limit), or fails in a
 *       processor, goes with its original bytes, the reason and its source topic, partition and offset to the
 *       flow's dead-letter topic ({@code errors.dead.letter.queue.topic.name}), in the same transaction under
 *       exactly-once, and the stream resumes with the next record;</li>
 *   <li>an output the producer rejects for what it is (too large, invalid, not serialisable) is dead-lettered
 *       too instead of failing the stream thread again and again on replay (KIP-1348's crash loop); any
 *       other production error (authorisation, fencing) still fails the thread, as it is not about the input.</li>
 *   <li>a request that cannot be read for a reason that is not its own (a {@link TransientException}: the schema
 *       registry cannot be reached) is not a dead letter: the stream thread fails on it and its replacement reads it
 *       again;</li>
 * </ul>
 * Each dead letter is logged in one line (only an unexpected failure of a processor with its stack trace) and
 * counted in {@code orchestrator.dead.letters} by reason, with the flow's {@link FlowMeters} found under
 * {@link FlowMeters#CONFIG}. The original headers, a W3C {@code traceparent} among them, stay on the dead letter.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private String dlqTopic;
    private String flow;
    private FlowMeters meters = FlowMeters.none();

    @Override
    public void configure(Map<String, ?> configs) {
        this.dlqTopic = required(configs, StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        this.flow = required(configs, OrchestratorConfig.FLOW_CONFIG);
        if (configs.get(FlowMeters.CONFIG) instanceof FlowMeters flowMeters) {
            this.meters = flowMeters;
        }
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
        if (exception instanceof TransientException unavailable) {
            // Not the record's fault (the schema registry is down): the stream stops on it and reads it again later.
            LOG.error("flow {}: record {}-{}@{} cannot be read now; the stream stops and reads it again: {}", flow,
                    record.topic(), record.partition(), record.offset(), unavailable.getMessage());
            return DeserializationExceptionHandler.Response.fail();
        }
        LOG.warn("flow {}: record {}-{}@{} cannot be read; sent to {}: {}", flow, record.topic(), record.partition(),
                record.offset(), dlqTopic, DeadLetters.describe(exception));
        meters.deadLettered(FlowMeters.DeadLetterReason.UNREADABLE);
        return DeserializationExceptionHandler.Response.resume(List.of(DeadLetters.of(dlqTopic, flow, record.key(),
                record.value(), record.headers(), record.topic(), record.partition(), record.offset(), exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (context.sourceRawValue() == null && context.sourceRawKey() == null) {
            // Raised from a punctuation, not from a request: there is no original record to dead-letter.
            LOG.error("flow {}: processor {} failed outside any request (task {}); nothing to dead-letter",
                    flow, context.processorNodeId(), context.taskId(), exception);
            return ProcessingExceptionHandler.Response.resume();
        }
        if (exception instanceof OrchestratorException expected) {
            LOG.warn("flow {}: record {}-{}@{} refused; sent to {}: {}", flow, context.topic(), context.partition(),
                    context.offset(), dlqTopic, expected.getMessage());
        } else {
            LOG.error("flow {}: record {}-{}@{} failed in processor {}; sent to {}", flow, context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), dlqTopic, exception);
        }
        meters.deadLettered(FlowMeters.DeadLetterReason.REFUSED);
        return ProcessingExceptionHandler.Response.resume(List.of(DeadLetters.of(dlqTopic, flow, context.sourceRawKey(),
                context.sourceRawValue(), context.headers(), context.topic(), context.partition(), context.offset(), exception)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException)) {
            return ProductionExceptionHandler.Response.fail();
        }
        return deadLetterOutput(record, exception);
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                                                                        Exception exception, SerializationExceptionOrigin origin) {
        return deadLetterOutput(record, exception);
    }

    private ProductionExceptionHandler.Response deadLetterOutput(ProducerRecord<?, ?> record, Exception exception) {
        String runId = Headers.lastValue(record.headers(), Headers.RUN_ID);
        if (dlqTopic.equals(record.topic())) {
            LOG.error("flow {}: a dead letter of run {} could not be written to {} either ({}); dropped",
                    flow, runId, dlqTopic, DeadLetters.describe(exception));
            return ProductionExceptionHandler.Response.resume();
        }
        LOG.warn("flow {}: output of run {} to {} could not be produced; its key and headers sent to {}: {}", flow, runId,
                record.topic(), dlqTopic, DeadLetters.describe(exception));
        meters.deadLettered(FlowMeters.DeadLetterReason.OUTPUT_REJECTED);
        byte[] key = record.key() instanceof byte[] bytes ? bytes : null;
        // The rejected output is what could not be written: the dead letter keeps its key and headers, not its value.
        return ProductionExceptionHandler.Response.resume(List.of(new ProducerRecord<>(dlqTopic, null, null, key, null,
                DeadLetters.headers(flow, record.headers(), record.topic(), -1, -1, exception))));
    }
}
