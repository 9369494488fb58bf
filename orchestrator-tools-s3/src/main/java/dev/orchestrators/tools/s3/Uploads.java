package dev.orchestrators.tools.s3;

import dev.orchestrators.tools.AdapterMeters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The PUTs of an {@link S3ArchiveStore}'s sealed batches: at most {@code max.concurrent} in flight, the rest queued in
 * memory and started as PUTs complete, each failed batch kept until a sync queues it again. A PUT is started on a
 * daemon thread of its own ({@code s3-archive-<name>-put}), not on the appending thread (a Kafka Streams thread in the
 * archiver topology): the SDK signs the request, hashing its body, and resolves credentials (the default chain may ask
 * an instance metadata service) on the thread that starts the call; the PUT completes on the SDK's threads. Its state
 * is guarded by the store's lock; methods that say so need it held, and {@link #start} must be called without it.
 */
final class Uploads {
    private final S3ArchiveSettings settings;
    private final S3AsyncClient client;
    private final AdapterMeters meters;
    private final Object lock;
    private final Consumer<Batch> onDurable;
    private final List<Batch> undurable = new ArrayList<>();
    private final Deque<Batch> queued = new ArrayDeque<>();
    private final Executor starter;
    private volatile Consumer<Thread> onPutCompleted = thread -> { };
    private int inFlight;

    /** @param onDurable told, under the lock, of each batch that became durable */
    Uploads(String name, S3ArchiveSettings settings, S3AsyncClient client, AdapterMeters meters, Object lock,
            Consumer<Batch> onDurable) {
        this.settings = settings;
        this.client = client;
        this.meters = meters;
        this.lock = lock;
        this.onDurable = onDurable;
        this.starter = ClientFactory.starterThread("s3-archive-" + name + "-put");
        meters.pool(this::inFlight, this::queued, settings.maxConcurrent());
    }

    /** Queues a sealed batch; the lock is held. */
    void add(Batch batch) {
        undurable.add(batch);
        queued.add(batch);
    }

    /** Queues every failed batch again and gives the attempts a sync waits for; the lock is held. */
    List<Durability.Wait> retryFailedAndWaits() {
        List<Durability.Wait> waits = new ArrayList<>(undurable.size());
        for (Batch batch : undurable) {
            if (batch.state == Batch.State.FAILED) {
                batch.requeue();
                queued.add(batch);
            }
            waits.add(new Durability.Wait(batch, batch.attempt));
        }
        return waits;
    }

    /** The queued batches that may start now, marked in flight; the lock is held. */
    List<Batch> startable() {
        List<Batch> out = new ArrayList<>();
        while (inFlight < settings.maxConcurrent() && !queued.isEmpty()) {
            Batch batch = queued.poll();
            batch.state = Batch.State.IN_FLIGHT;
            batch.attempts++;
            inFlight++;
            out.add(batch);
        }
        return out;
    }

    /** Starts the PUTs of {@code batches} on the starter thread; the lock is not held. */
    void start(List<Batch> batches) {
        for (Batch batch : batches) {
            try {
                starter.execute(() -> put(batch));
            } catch (RuntimeException rejected) {
                finished(batch, meters.start(), rejected);
            }
        }
    }

    private void put(Batch batch) {
        onPutCompleted.accept(Thread.currentThread());
        long started = meters.start();
        CompletableFuture<?> put;
        try {
            put = client.putObject(request(batch), AsyncRequestBody.fromBytesUnsafe(batch.body));
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        put.whenComplete((ok, failure) -> finished(batch, started, failure));
    }

    /** Observes the threads each PUT starts and completes on (for tests). */
    void onPutCompleted(Consumer<Thread> observer) {
        this.onPutCompleted = Objects.requireNonNull(observer, "observer");
    }

    private PutObjectRequest request(Batch batch) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(settings.bucket()).key(batch.objectKey)
                .contentType("application/gzip").contentMD5(batch.contentMd5)
                .contentLength((long) batch.body.length);
        if (settings.conditionalWrites()) {
            b.ifNoneMatch("*");
        }
        return b.build();
    }

    private void finished(Batch batch, long started, Throwable failure) {
        onPutCompleted.accept(Thread.currentThread());
        Throwable cause = failure == null ? null : S3Failures.unwrap(failure);
        S3ArchiveException classified = cause == null || S3Failures.alreadyExists(cause) ? null
                : S3Failures.classify(cause, "PUT of " + S3ArchiveStore.shorten(batch.objectKey) + " (" + batch.keys.size() + " entries)");
        meters.record(started, classified == null ? null : classified.isPermanent() ? classified.asPermanent() : classified);
        List<Batch> next;
        synchronized (lock) {
            inFlight--;
            if (classified == null) {
                batch.state = Batch.State.DURABLE;
                undurable.remove(batch);
                onDurable.accept(batch);
            } else {
                batch.state = Batch.State.FAILED;
            }
            next = startable();
        }
        start(next);
        if (classified == null) {
            batch.attempt.complete(null);
        } else {
            batch.attempt.completeExceptionally(classified);
        }
    }

    private int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    private int queued() {
        synchronized (lock) {
            return queued.size();
        }
    }
}
