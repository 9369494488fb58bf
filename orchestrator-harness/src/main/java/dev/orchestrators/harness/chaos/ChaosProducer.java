package dev.orchestrators.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the run's requests at an even pace over the window, with an idempotent producer that keeps
 * retrying while the broker is down (so a request is never lost before it reaches Kafka), and remembers when
 * each was acknowledged. Its own thread. Thread-safe.
 */
final class ChaosProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<RequestMix.Planned> planned = new ArrayList<>();
    private final Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    ChaosProducer(String bootstrap, RequestMix mix, int requests, Duration window) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        for (int i = 0; i < requests; i++) {
            planned.add(mix.next());
        }
        long intervalNanos = window.toNanos() / Math.max(1, requests);
        this.thread = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < planned.size() && failure.get() == null; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                RequestMix.Planned next = planned.get(i);
                producer.send(next.record(), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acknowledgedAt.put(next.id(), System.currentTimeMillis());
                    }
                });
            }
            producer.flush();
        }, "chaos-producer");
        thread.start();
    }

    List<RequestMix.Planned> planned() {
        return planned;
    }

    /** When {@code id} was acknowledged by the broker, or {@code null}. */
    Long acknowledgedAt(String id) {
        return acknowledgedAt.get(id);
    }

    /** Waits until everything is published and acknowledged. */
    void awaitDone(Duration timeout) throws Exception {
        thread.join(timeout.toMillis());
        if (failure.get() != null) {
            throw new IllegalStateException("a request could not be published", failure.get());
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("publishing did not finish within " + timeout.toSeconds() + " s");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
