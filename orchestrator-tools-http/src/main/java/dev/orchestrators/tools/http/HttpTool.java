package dev.orchestrators.tools.http;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@code http} tool: each call is one request to one endpoint of a JSON API, sent with the JDK's asynchronous
 * {@link HttpClient}.
 *
 * <p><b>What a call sends.</b> The configured method to {@code base.url} + {@code path}, the path's {@code {name}}
 * placeholders filled from the call's arguments (each percent-encoded as one segment), the other arguments in the
 * query string or a JSON body as configured ({@link HttpToolFactory#QUERY}, {@link HttpToolFactory#BODY}), fixed
 * headers, credentials read from their secret now, the W3C {@code traceparent}/{@code tracestate} of the calling
 * step, and for WRITE and SEND calls the {@code idempotency_key} argument in the {@code Idempotency-Key} header
 * (required: a call without one is refused). A value that could move the request to another scheme, host, port or
 * path, or add a header, is refused (permanent {@code InputRefused}); see {@link Origin} and {@link PathTemplate}.
 *
 * <p><b>What it answers.</b> A 2xx JSON answer becomes the result ({@link JsonAnswers}); anything else fails the
 * stage with a transient or permanent failure classified by {@link HttpFailures}, carrying the server's
 * {@code Retry-After}. Nothing is retried here: the flow's retry policy does it, and a WRITE/SEND repeat carries the
 * same idempotency key, so the server acts once.
 *
 * <p><b>Threads and limits.</b> {@link #invoke} never blocks and never completes on the caller's thread: the client
 * runs on {@code threads} threads named {@code tool-<name>-<n>}, which also run every completion. At most
 * {@code max.concurrent} calls are in flight; one more fails at once with the transient {@link SaturatedException}
 * (back-pressure, never a queue). Each call has a deadline ({@code timeout.ms}, body included) and reads at most
 * {@code max.response.bytes}. Thread-safe.
 */
public final class HttpTool implements ToolAdapter {
    private final HttpSettings settings;
    private final AdapterMeters meters;
    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient client;
    private final Exchange exchange;
    private final RequestPlan plan;
    private final Semaphore permits;
    private volatile boolean closed;

    HttpTool(HttpSettings settings, AdapterMeters meters) {
        this(settings, meters, Clock.systemUTC());
    }

    HttpTool(HttpSettings settings, AdapterMeters meters, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.executor = executor(settings.tool(), settings.threads());
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(settings.version()).build();
        this.exchange = new Exchange(client, executor, settings, new HttpFailures(clock, settings.maxRetryAfter()));
        this.plan = new RequestPlan(settings);
        this.permits = new Semaphore(settings.maxConcurrent());
        meters.pool(this::inFlight, () -> 0, settings.maxConcurrent());
    }

    /**
     * The threads the client and every completion run on: {@code tool-<name>-<n>}, daemons. The queue is unbounded
     * but holds at most a few tasks per call in flight, and calls in flight are bounded by {@code max.concurrent}. A
     * task refused after {@link #close()} runs on the thread that offered it, so no call is left without an answer.
     */
    private static ScheduledThreadPoolExecutor executor(String tool, int threads) {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread thread = new Thread(r, "tool-" + tool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, (task, self) -> task.run());
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    @Override
    public String name() {
        return settings.tool();
    }

    @Override
    public Capability capability() {
        return settings.capability();
    }

    @Override
    public String type() {
        return HttpToolFactory.TYPE;
    }

    /** Calls in flight now. */
    int inFlight() {
        return settings.maxConcurrent() - permits.availablePermits();
    }

    /**
     * Sends the call's request (see the class comment).
     *
     * @return a stage completing on a {@code tool-<name>-<n>} thread with the answer's result, or failing with a
     *         {@code TransientException} (retry may work; {@code retryAfter} when the server asked), a
     *         {@code PermanentException} ({@code InputRefused}, {@code MissingIdempotencyKey}, 4xx, ...), an
     *         {@code IndeterminateOutcomeException} (only with {@code indeterminate.on.timeout=true}) or a
     *         {@link SaturatedException} when {@code max.concurrent} calls are in flight
     */
    @Override
    public CompletionStage<ToolResult> invoke(ToolCall call) {
        long started = meters.start();
        RequestPlan.Outgoing outgoing;
        try {
            if (closed) {
                throw new PermanentException("ToolClosed", "tool '" + name() + "' is closed", null);
            }
            outgoing = plan.prepare(call);
        } catch (OrchestratorException refused) {
            meters.record(started, refused);
            return CompletableFuture.failedFuture(refused);
        }
        if (!permits.tryAcquire()) {
            meters.saturated();
            SaturatedException saturated = new SaturatedException("tool '" + name() + "' is saturated: "
                    + settings.maxConcurrent() + " call(s) in flight (max.concurrent); retry after a back-off");
            meters.record(started, saturated);
            return CompletableFuture.failedFuture(saturated);
        }
        // The caller gets the stage that completes after the permit is back: a continuation that starts the next
        // call (as a flow does) must find it free. (Dependents of one stage run last-registered first, so a
        // continuation on the exchange's own stage would run before a release registered there.)
        return exchange.send(outgoing).whenComplete((answer, failure) -> {
            permits.release();
            meters.record(started, failure == null ? null : FailureClassifier.unwrap(failure));
        });
    }

    /**
     * A {@code HEAD} of the base URL (or a {@code GET} of {@code health.path}), without credentials: up when any HTTP
     * answer arrives, even a 404 or 401 (the system is reachable); down when no connection or answer comes within the
     * time-outs. Never fails.
     */
    @Override
    public CompletionStage<ToolHealth> checkHealth() {
        long started = System.nanoTime();
        if (closed) {
            return CompletableFuture.completedFuture(ToolHealth.down("tool '" + name() + "' is closed", Duration.ZERO));
        }
        boolean head = settings.healthPath().isEmpty();
        URI uri = settings.origin().resolve(settings.healthPath());
        String what = (head ? "HEAD " : "GET ") + uri;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                    .method(head ? "HEAD" : "GET", HttpRequest.BodyPublishers.noBody()).build();
            return client.sendAsync(request, LimitedBody.handler(LimitedBody.ERROR_BODY_BYTES))
                    .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handleAsync((response, failure) -> {
                        Duration took = Duration.ofNanos(System.nanoTime() - started);
                        return failure == null ? ToolHealth.up(what + " answered " + response.statusCode(), took)
                                : ToolHealth.down(failure, took);
                    }, executor);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ToolHealth.down(e, Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    @Override
    public int capacity() {
        return settings.maxConcurrent();
    }

    @Override
    public Map<String, String> describe() {
        return settings.described();
    }

    /**
     * Stops taking calls, lets those in flight finish (up to {@code timeout.ms}, at most 10 s), then stops the
     * threads. Calls after this fail with the permanent {@code ToolClosed}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long wait = Math.min(settings.timeout().toMillis(), 10_000);
            if (permits.tryAcquire(settings.maxConcurrent(), wait, TimeUnit.MILLISECONDS)) {
                permits.release(settings.maxConcurrent());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
    }

    @Override
    public String toString() {
        return "HttpTool[" + name() + ", " + settings.capability() + ", " + settings.method() + " "
                + settings.origin().baseUrl() + settings.path() + ", auth " + settings.auth() + "]";
    }
}
