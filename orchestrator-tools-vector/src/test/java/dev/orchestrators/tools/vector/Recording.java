package dev.orchestrators.tools.vector;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Fakes that wrap a real embedder or index and record the threads they ran on; an index can be held at a gate. */
final class Recording {
    private Recording() {
    }

    /** An embedder that records the thread of each call and of its completion, and counts the texts it embedded. */
    static final class RecordingEmbedder implements Embedder {
        final Embedder real;
        final Queue<String> threads = new ConcurrentLinkedQueue<>();
        final Queue<String> completedOn = new ConcurrentLinkedQueue<>();
        final AtomicInteger texts = new AtomicInteger();

        RecordingEmbedder(Embedder real) {
            this.real = real;
        }

        @Override
        public String id() {
            return real.id();
        }

        @Override
        public boolean inProcess() {
            return real.inProcess();
        }

        @Override
        public CompletableFuture<List<float[]>> embed(List<String> batch) {
            threads.add(Thread.currentThread().getName());
            texts.addAndGet(batch.size());
            return real.embed(batch).whenComplete((vectors, failure) -> completedOn.add(Thread.currentThread().getName()));
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** An index that records the thread of each search and, while its gate is closed, holds searches there. */
    static final class GatedIndex implements VectorIndex {
        final VectorIndex real;
        final Queue<String> threads = new ConcurrentLinkedQueue<>();
        final CountDownLatch gate;
        final AtomicInteger waiting = new AtomicInteger();

        GatedIndex(VectorIndex real, boolean open) {
            this.real = real;
            this.gate = new CountDownLatch(open ? 0 : 1);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public List<Hit> search(float[] vector, int k) {
            threads.add(Thread.currentThread().getName());
            waiting.incrementAndGet();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                waiting.decrementAndGet();
            }
            return real.search(vector, k);
        }

        @Override
        public String health() {
            return real.health();
        }

        @Override
        public void close() {
            gate.countDown();
            real.close();
        }
    }
}
