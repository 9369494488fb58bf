package dev.orchestrators.harness.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A hand-written consume-process-produce loop on one thread. Under {@code exactly_once_v2} each
 * {@link #commit} is one transaction (outputs plus {@code sendOffsetsToTransaction}) and the consumer reads
 * {@code read_committed}; under {@code at_least_once} the outputs are sent, flushed, then the offsets committed.
 */
abstract class LoopWorkload implements Workload {
    protected final WorkloadSpec spec;
    private final int maxPollRecords;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile CountDownLatch skipRequest;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread thread;

    LoopWorkload(WorkloadSpec spec, int maxPollRecords) {
        this.spec = spec;
        this.maxPollRecords = maxPollRecords;
    }

    /** Handles one poll's records, calling {@link #commit} as often as it likes. */
    abstract void process(ConsumerRecords<String, byte[]> records) throws Exception;

    @Override
    public boolean preloadBeforeStart() {
        return true;
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerProps());
        producer = new KafkaProducer<>(producerProps());
        if (spec.exactlyOnce()) {
            producer.initTransactions();
        }
        consumer.subscribe(List.of(spec.inputTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (consumer.assignment().size() == spec.partitions()) {
                    assigned.countDown();
                }
            }
        });
        thread = new Thread(this::loop, "bench-" + spec.id());
        thread.start();
    }

    private Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.id());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, spec.exactlyOnce() ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (spec.exactlyOnce()) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, spec.id() + "-tx");
        }
        props.putAll(spec.clientOverrides());
        return props;
    }

    private void loop() {
        try {
            while (running) {
                CountDownLatch skip = skipRequest;
                if (skip != null) {
                    skipToEnd();
                    skipRequest = null;
                    skip.countDown();
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(10));
                if (!records.isEmpty()) {
                    process(records);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
            e.printStackTrace();
        } finally {
            producer.close(Duration.ofSeconds(10));
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Whether {@link #skipBacklog} asked the loop to stop the current batch. */
    protected boolean skipRequested() {
        return skipRequest != null || !running;
    }

    /** Sends {@code outputs} and commits {@code offsets} (next offsets to read) with them. */
    protected void commit(List<ProducerRecord<String, byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (spec.exactlyOnce()) {
            producer.beginTransaction();
            outputs.forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } else {
            outputs.forEach(producer::send);
            producer.flush();
            consumer.commitAsync(offsets, null);
        }
    }

    private void skipToEnd() {
        Set<TopicPartition> all = consumer.assignment();
        consumer.seekToEnd(all);
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        all.forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
        commit(List.of(), positions);
    }

    @Override
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(spec.id() + ": partitions not assigned after " + timeout.toSeconds() + " s");
        }
    }

    @Override
    public void skipBacklog(Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        skipRequest = done;
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(spec.id() + ": backlog not skipped after " + timeout.toSeconds() + " s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            thread.join(30_000);
        }
        if (failure != null) {
            throw new IllegalStateException(spec.id() + " failed", failure);
        }
    }
}
