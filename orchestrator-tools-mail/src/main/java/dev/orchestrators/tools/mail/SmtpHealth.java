package dev.orchestrators.tools.mail;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.tools.ToolHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The health check of an {@code smtp} tool: a new connection with the configured security and credentials (so a
 * wrong password or a missing STARTTLS shows), EHLO, NOOP, QUIT. It runs on a thread of its own
 * ({@code tool-<name>-health}), not on the sending threads, so a saturated tool still answers; concurrent checks
 * share the one in progress. Thread-safe.
 */
final class SmtpHealth implements AutoCloseable {
    private final SmtpSettings settings;
    private final SmtpSessions sessions;
    private final SmtpFailures failures;
    private final ThreadPoolExecutor executor;
    private CompletableFuture<ToolHealth> running;

    SmtpHealth(SmtpSettings settings, SmtpSessions sessions, SmtpFailures failures) {
        this.settings = settings;
        this.sessions = sessions;
        this.failures = failures;
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "tool-" + settings.tool() + "-health");
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** The verdict; never fails. */
    synchronized CompletionStage<ToolHealth> check() {
        if (running == null || running.isDone()) {
            try {
                running = CompletableFuture.supplyAsync(this::probe, executor);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return CompletableFuture.completedFuture(ToolHealth.down("tool '" + settings.tool() + "' is closed", Duration.ZERO));
            }
        }
        return running.thenApply(verdict -> verdict);
    }

    private ToolHealth probe() {
        long started = System.nanoTime();
        TrackingSmtpTransport transport = null;
        try {
            transport = sessions.open();
            int code = transport.simpleCommand("NOOP");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            String detail = settings.endpoint() + (settings.user().isEmpty() ? "" : ", authenticated as " + settings.user());
            return code == 250 ? ToolHealth.up("EHLO and NOOP answered by " + detail, took)
                    : ToolHealth.down("NOOP answered " + code + " by " + detail, took);
        } catch (SmtpAttemptException e) {
            OrchestratorException failure = failures.classify(e.getCause(), e.phase(), e.endOfDataReply(), e.failureReply(), null);
            return ToolHealth.down(failure.type() + ": " + failure.getMessage(), Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception e) {
            return ToolHealth.down(e, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            if (transport != null) {
                SmtpSessions.discard(transport);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
