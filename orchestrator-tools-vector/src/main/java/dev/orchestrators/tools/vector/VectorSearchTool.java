package dev.orchestrators.tools.vector;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code vector-search} tool (READ): the records nearest in meaning to a call's {@code query}.
 *
 * <pre>{@code
 * call:   {"query": "rocket engines", "top_k": 3}
 * result: {"records": [{"domain": "stark.example", ..., "score": 0.61}, ...], "scores": [0.61, ...]}
 * }</pre>
 * Records are the stored fields of the matching documents plus their {@code score} (cosine similarity, 1 the same
 * direction, rounded to four decimals), best first, at most {@code top_k}, none below {@code min.score}; {@code scores}
 * is aligned with them, so the runtime copies each into its record's provenance.
 *
 * <p><b>Never on the caller's thread.</b> Embedding a query in process and searching Lucene are CPU-bound and
 * synchronous, a pgvector query blocks on JDBC: they run on a {@link BlockingCalls} of {@code pool.size} threads
 * ({@code tool-<name>-<n>}), which refuses a call beyond its queue at once with the transient {@code Saturated}. An
 * embeddings API is called asynchronously. A call that has not answered after {@code timeout.ms} fails with the
 * transient {@code Timeout}.
 *
 * <p><b>Failures</b> are permanent {@code InputRefused} for a bad query (see {@link SearchRequest}) and as classified by
 * {@link HttpFailures} and {@link PgFailures}. A search changes nothing, so any call may be retried. Thread-safe.
 */
public final class VectorSearchTool implements ToolAdapter {
    private final String name;
    private final Embedder embedder;
    private final VectorIndex index;
    private final SearchRequest.Limits limits;
    private final BlockingCalls calls;
    private final AdapterMeters meters;
    private final Map<String, String> description;
    private final ThreadPoolExecutor healthChecks;
    private final int remoteLimit;
    private final Semaphore remoteCalls;
    private volatile boolean closed;

    /**
     * @param calls       the threads that embed in process and search
     * @param remoteLimit calls that may be in flight at once with a remote embedder (the threads and their queue)
     */
    VectorSearchTool(String name, Embedder embedder, VectorIndex index, SearchRequest.Limits limits, BlockingCalls calls,
                     int remoteLimit, AdapterMeters meters, Map<String, String> description) {
        this.name = Objects.requireNonNull(name, "name");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.index = Objects.requireNonNull(index, "index");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.description = Map.copyOf(description);
        this.remoteLimit = remoteLimit;
        this.remoteCalls = new Semaphore(remoteLimit);
        this.healthChecks = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2), r -> {
            Thread thread = new Thread(r, "tool-" + name + "-health");
            thread.setDaemon(true);
            return thread;
        });
        healthChecks.allowCoreThreadTimeOut(true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Capability capability() {
        return Capability.READ;
    }

    @Override
    public String type() {
        return VectorSearchFactory.TYPE;
    }

    /** Starts the search and returns at once; see the class comment for where it runs and how it fails. */
    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        long started = meters.start();
        CompletableFuture<ToolResult> answer;
        try {
            if (closed) {
                throw new PermanentException("ToolClosed", "tool '" + name + "' is closed", null);
            }
            answer = search(SearchRequest.of(call, limits));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.orTimeout(limits.timeout().toMillis(), TimeUnit.MILLISECONDS).handle((result, failure) -> {
            Throwable cause = failure == null ? null : classified(failure);
            meters.record(started, cause);
            if (cause != null) {
                throw new CompletionException(cause);
            }
            return result;
        });
    }

    private CompletableFuture<ToolResult> search(SearchRequest request) {
        if (embedder.inProcess()) {
            return calls.submit(() -> index.search(first(embedder.embed(List.of(request.query()))), request.topK()))
                    .thenApply(this::result);
        }
        // A remote embedding holds no thread, so it is bounded here: as many in flight as the threads and queue.
        if (!remoteCalls.tryAcquire()) {
            meters.saturated();
            return CompletableFuture.failedFuture(new SaturatedException("tool '" + name + "' is saturated: " + remoteLimit
                    + " call(s) in flight; retry after a back-off"));
        }
        CompletableFuture<List<VectorIndex.Hit>> hits;
        try {
            hits = embedder.embed(List.of(request.query()))
                    .thenCompose(vectors -> calls.submit(() -> index.search(vectors.get(0), request.topK())));
        } catch (RuntimeException e) {
            remoteCalls.release();
            throw e;
        }
        return hits.whenComplete((done, failure) -> remoteCalls.release()).thenApply(this::result);
    }

    private ToolResult result(List<VectorIndex.Hit> hits) {
        List<Map<String, Object>> records = new ArrayList<>(hits.size());
        List<Double> scores = new ArrayList<>(hits.size());
        for (VectorIndex.Hit hit : hits) {
            if (hit.score() < limits.minScore()) {
                continue;
            }
            double score = Vectors.rounded(hit.score());
            Map<String, Object> record = new LinkedHashMap<>(hit.fields());
            record.put("score", score);
            records.add(record);
            scores.add(score);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", records);
        result.put("scores", scores);
        return ToolResult.of(result);
    }

    private Throwable classified(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return new TransientException("Timeout", "tool '" + name + "' did not answer within timeout.ms="
                    + limits.timeout().toMillis(), null);
        }
        return cause;
    }

    /**
     * Checks, on a thread of its own ({@code tool-<name>-health}), that the embeddings answer (the in-process model is
     * loaded and embeds; the API answers) and that the index does (Lucene open, with its document count; pgvector
     * reachable, with the extension and the table). Never fails; gives up a second after {@code timeout.ms}.
     */
    @Override
    public CompletionStage<ToolHealth> checkHealth() {
        long started = System.nanoTime();
        try {
            return CompletableFuture.supplyAsync(() -> ToolHealth.up(embeddings() + "; " + index.health(), since(started)),
                            healthChecks)
                    .exceptionally(failure -> down(unwrap(failure), started))
                    // A second beyond timeout.ms: the pool's own time-out (as long) says more than "no answer".
                    .completeOnTimeout(ToolHealth.down("no answer within timeout.ms=" + limits.timeout().toMillis()
                            + " and a second", limits.timeout().plusSeconds(1)), limits.timeout().toMillis() + 1000,
                            TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ToolHealth.down(closed ? "the tool is closed"
                    : "a health check is already running", since(started)));
        }
    }

    private static ToolHealth down(Throwable failure, long started) {
        return failure instanceof OrchestratorException known
                ? ToolHealth.down(known.type() + ": " + known.getMessage(), since(started)) : ToolHealth.down(failure, since(started));
    }

    private String embeddings() {
        try {
            float[] vector = embedder.embed(List.of("health check")).get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS).get(0);
            return "embeddings " + embedder.id() + (embedder.inProcess() ? " loaded" : " answered") + " (" + vector.length
                    + " dimensions)";
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new TransientException("Timeout", "embeddings " + embedder.id() + " did not answer within timeout.ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    @Override
    public int capacity() {
        return calls.capacity();
    }

    @Override
    public Map<String, String> describe() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        healthChecks.shutdownNow();
        calls.close();
        index.close();
        embedder.close();
    }

    @Override
    public String toString() {
        return "VectorSearchTool[" + name + ", embeddings " + embedder.id() + "]";
    }

    private static float[] first(CompletableFuture<List<float[]>> vectors) {
        try {
            return vectors.join().get(0);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
