package dev.orchestrators.samples;

import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Tool;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How the sample tools behave in one process: the shared sample systems (with their own ledgers), the
 * latency each tool call takes (without holding a thread), and the faults injected into calls. Read from the
 * flow environment:
 * <ul>
 *   <li>{@code samples.latency.ms} (default 0): each call answers after this long;</li>
 *   <li>{@code samples.faults.transient}, {@code .timeout}, {@code .slow}, {@code .permanent} (default 0): the
 *       share of calls that fail transiently, never answer, answer 10x slower, or fail permanently (see
 *       {@link FaultyTool}); {@code samples.faults.seed} makes them repeatable;</li>
 *   <li>{@code samples.tool.timeout.ms} (default 30000): the sample flows' tool time-out;</li>
 *   <li>{@code samples.retry.attempts} (default 3), {@code samples.retry.initial.ms} (100) and
 *       {@code samples.retry.max.ms} (2000): the retry policy of {@code lead_sync} and {@code account_provisioning}
 *       (doubling back-off, ±20% jitter), for running them on real systems that may be away longer than 300 ms;</li>
 *   <li>{@code samples.ledger.dir}: the sample systems remember idempotency keys in this directory, shared
 *       by every worker process (default: in memory).</li>
 * </ul>
 */
public final class SampleEnvironment {
    public static final String LATENCY_MS = "samples.latency.ms";
    public static final String FAULTS_PREFIX = "samples.faults.";
    /** How long the sample flows let one tool call take (their tool time-out), in ms. */
    public static final String TOOL_TIMEOUT_MS = "samples.tool.timeout.ms";
    /** Attempts of each tool call of {@code lead_sync} and {@code account_provisioning}, the first included. */
    public static final String RETRY_ATTEMPTS = "samples.retry.attempts";
    /** The first retry's back-off, in ms (doubling after). */
    public static final String RETRY_INITIAL_MS = "samples.retry.initial.ms";
    /** The longest back-off, in ms. */
    public static final String RETRY_MAX_MS = "samples.retry.max.ms";
    /** A directory the sample systems keep their idempotency ledger in, shared by worker processes. */
    public static final String LEDGER_DIR = "samples.ledger.dir";

    private final SampleSystems systems;
    private final Duration latency;
    private final FaultyTool.Rates faults;
    private final ScheduledExecutorService scheduler;
    private Duration toolTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();

    private SampleEnvironment(SampleSystems systems, Duration latency, FaultyTool.Rates faults) {
        this.systems = Objects.requireNonNull(systems, "systems");
        this.latency = latency;
        this.faults = faults;
        this.scheduler = latency.isZero() && faults.none() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sample-tools");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Instant answers, no faults: for tests and the plain demo. */
    public static SampleEnvironment immediate() {
        return new SampleEnvironment(new SampleSystems(), Duration.ZERO, FaultyTool.Rates.NONE);
    }

    /** The environment the settings describe. */
    public static SampleEnvironment of(FlowEnvironment settings) {
        String ledgerDir = settings.get(LEDGER_DIR, "");
        SampleSystems systems = ledgerDir.isBlank() ? new SampleSystems()
                : new SampleSystems(IdempotencyStore.inDirectory(java.nio.file.Path.of(ledgerDir)));
        SampleEnvironment env = new SampleEnvironment(systems, Duration.ofMillis(settings.getLong(LATENCY_MS, 0)),
                FaultyTool.Rates.of(settings.withPrefix(FAULTS_PREFIX)));
        env.toolTimeout = Duration.ofMillis(settings.getLong(TOOL_TIMEOUT_MS, 30_000));
        RetryPolicy defaults = RetryPolicy.ofDefaults();
        env.retryPolicy = RetryPolicy.from(defaults)
                .maxAttempts((int) settings.getLong(RETRY_ATTEMPTS, defaults.maxAttempts()))
                .initialDelay(Duration.ofMillis(settings.getLong(RETRY_INITIAL_MS, defaults.initialDelay().toMillis())))
                .maxDelay(Duration.ofMillis(settings.getLong(RETRY_MAX_MS, defaults.maxDelay().toMillis())))
                .build();
        return env;
    }

    /** Answers after {@code value}, without holding a thread. */
    public static SampleEnvironment withLatency(Duration value) {
        return new SampleEnvironment(new SampleSystems(), value, FaultyTool.Rates.NONE);
    }

    /** The tool time-out of the sample flows ({@code samples.tool.timeout.ms}, default 30 s). */
    public Duration toolTimeout() {
        return toolTimeout;
    }

    /** The retry policy of {@code lead_sync} and {@code account_provisioning} ({@code samples.retry.*}). */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public SampleSystems systems() {
        return systems;
    }

    /** {@code tool} with this environment's faults and latency. */
    public Tool tool(Tool tool) {
        Tool faulty = faults.none() ? tool : new FaultyTool(tool, faults, scheduler);
        return latency.isZero() ? faulty : SampleTools.withLatency(faulty, latency, scheduler);
    }
}
