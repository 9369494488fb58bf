package dev.orchestrators.streams.internals.provisioning;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.time.Sleeper;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker starting up waits for a cluster it cannot reach yet (a broker restarting, a network blip): an attempt
 * that fails with a time-out or a retriable Kafka error is made again after a pause, doubling from 0.5 s up to 5 s,
 * for as long as {@code orchestrator.startup.timeout.ms} allows; then its last failure is thrown. A failure that
 * waiting cannot cure (no permission, a topic with the wrong partition count) is thrown at once. The deadline is
 * read from the clock it is given and pauses pass on it ({@link Sleeper#of(Clock)}). Not thread-safe; one per start.
 */
final class StartupRetry {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    /** One attempt; its failure is a {@link ConfigurationException} whose cause says whether to try again. */
    @FunctionalInterface
    interface Attempt {
        void run();
    }

    private final Duration patience;
    private final Clock clock;

    StartupRetry(Duration patience, Clock clock) {
        this.patience = Objects.requireNonNull(patience, "patience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the next pause would end past the deadline.
     *
     * @throws ConfigurationException the attempt's last failure, or when interrupted while pausing
     */
    void run(Attempt attempt) {
        Instant deadline = clock.instant().plus(patience);
        Sleeper sleeper = Sleeper.of(clock);
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                attempt.run();
                return;
            } catch (ConfigurationException e) {
                if (!retriable(e.getCause()) || clock.instant().plus(pause).isAfter(deadline)) {
                    throw e;
                }
                LOG.warn("cannot check the topics yet ({}); trying again in {} ms, for up to {} s in all ({})",
                        e.getCause(), pause.toMillis(), patience.toSeconds(), OrchestratorConfig.STARTUP_TIMEOUT_MS_CONFIG);
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConfigurationException("interrupted while waiting for the cluster", interrupted);
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Time-outs and Kafka's retriable errors (a broker not available, a leader moving), after the admin's own retries. */
    static boolean retriable(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException || cause instanceof RetriableException;
    }
}
