package dev.orchestrators.tools.http;

import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.ToolResult;
import dev.orchestrators.tools.http.RequestPlan.Outgoing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one prepared request and completes with its result: follows same-origin redirects when configured, reads
 * the body within its limit, classifies what came back, and keeps the call's deadline ({@code timeout.ms}, body and
 * redirects included: the client's own request time-out stops at the response headers).
 *
 * <p>Threads: the client runs its I/O and body delivery on {@code executor}, and every completion here is moved
 * onto {@code executor} too (the JDK completes {@code sendAsync}'s future on its common pool otherwise), so the
 * caller's stages never run on the caller's thread, a JDK thread or the deadline timer. Thread-safe.
 */
final class Exchange {
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient client;
    private final ScheduledExecutorService executor;
    private final HttpSettings settings;
    private final HttpFailures failures;
    private final JsonAnswers answers;
    private final HttpResponse.BodyHandler<LimitedBody.Body> bodies;

    Exchange(HttpClient client, ScheduledExecutorService executor, HttpSettings settings, HttpFailures failures) {
        this.client = client;
        this.executor = executor;
        this.settings = settings;
        this.failures = failures;
        this.answers = new JsonAnswers(settings.recordsPointer(), settings.maxResponseBytes());
        this.bodies = LimitedBody.handler(settings.maxResponseBytes());
    }

    /** Sends {@code outgoing}; the stage completes on one of {@code executor}'s threads. */
    CompletableFuture<ToolResult> send(Outgoing outgoing) {
        Call call = new Call(outgoing);
        ScheduledFuture<?> deadline = executor.schedule(call::expire, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        call.result.whenComplete((result, failure) -> deadline.cancel(false));
        call.attempt(outgoing.uri(), settings.method(), true, 0);
        return call.result;
    }

    /** One call: its result, and the request in flight now (a redirect replaces it). */
    private final class Call {
        private final Outgoing outgoing;
        private final CompletableFuture<ToolResult> result = new CompletableFuture<>();
        private volatile CompletableFuture<HttpResponse<LimitedBody.Body>> inFlight;

        Call(Outgoing outgoing) {
            this.outgoing = outgoing;
        }

        void attempt(URI uri, String method, boolean withBody, int hops) {
            if (result.isDone()) {
                return; // the deadline passed before a redirect could be followed: send nothing more
            }
            CompletableFuture<HttpResponse<LimitedBody.Body>> sent;
            try {
                sent = client.sendAsync(outgoing.request(uri, method, withBody, settings.timeout()), bodies);
            } catch (RuntimeException e) {
                result.completeExceptionally(failures.ofException(outgoing.target(), e));
                return;
            }
            inFlight = sent;
            sent.whenCompleteAsync((response, failure) -> {
                if (result.isDone()) {
                    return; // the deadline passed first
                }
                try {
                    if (failure != null) {
                        result.completeExceptionally(failures.ofException(outgoing.target(), failure));
                    } else {
                        answered(response, method, hops);
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, executor);
        }

        private void answered(HttpResponse<LimitedBody.Body> response, String method, int hops) {
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                result.complete(answers.read(outgoing.target(), status, response.headers(), response.body()));
            } else if (settings.followRedirects() && REDIRECTS.contains(status)) {
                redirect(response, method, hops);
            } else {
                String excerpt = HttpFailures.excerpt(response.body().bytes(),
                        response.headers().firstValue("Content-Type").orElse(null), settings.errorBodyChars(),
                        settings.auth().isPresent() ? settings.auth().secretValues() : java.util.List.of());
                result.completeExceptionally(failures.ofStatus(outgoing.target(), status, response.headers(), excerpt));
            }
        }

        private void redirect(HttpResponse<LimitedBody.Body> response, String method, int hops) {
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            URI to;
            try {
                to = location == null ? null : response.uri().resolve(location.trim());
            } catch (IllegalArgumentException e) {
                to = null;
            }
            String what = outgoing.target().describe() + " answered " + status;
            if (to == null) {
                throw new PermanentException("RedirectRefused", what + " without a usable Location", null);
            }
            if (!settings.origin().admits(to)) {
                throw new PermanentException("RedirectRefused", what + " to " + Origin.originOf(to) + " (path not shown): "
                        + "only redirects to " + settings.origin().baseUrl() + " and under it are followed", null);
            }
            if (hops >= MAX_REDIRECTS) {
                throw new PermanentException("RedirectRefused", what + " after " + MAX_REDIRECTS + " redirects already", null);
            }
            // 307 and 308 repeat the request as it was; 303, and 301/302 after anything but GET/HEAD, turn it into a GET.
            boolean keep = status == 307 || status == 308 || method.equals("GET") || method.equals("HEAD");
            attempt(to, keep ? method : "GET", keep && !method.equals("GET"), hops + 1);
        }

        /** The deadline passed: fail the call and abort the exchange in flight. */
        void expire() {
            if (result.completeExceptionally(failures.timedOut(outgoing.target(), settings.timeout()))) {
                CompletableFuture<?> current = inFlight;
                if (current != null) {
                    current.cancel(true); // since JDK 16 this aborts the exchange and closes its connection
                }
            }
        }
    }
}
