package dev.orchestrators.core.tool;

import dev.orchestrators.core.errors.ConfigurationException;
import java.time.Duration;

/**
 * Per-tool protection of the system behind a tool, shared by every run of the instance: at most
 * {@code maxConcurrent} calls at once and at most {@code ratePerSecond} calls started per second.
 * Calls over a limit wait (without holding a thread) in arrival order; they count against the calling
 * step's time-out. Immutable.
 *
 * @param maxConcurrent calls in progress at once; {@link Integer#MAX_VALUE} for no limit
 * @param ratePerSecond calls started per second; {@code 0} for no limit
 * @param maxWait       longest a call may wait for a rate permit before failing transiently
 */
public record ToolLimits(int maxConcurrent, int ratePerSecond, Duration maxWait) {

    public static final ToolLimits NONE = new ToolLimits(Integer.MAX_VALUE, 0, Duration.ofMinutes(1));

    public ToolLimits {
        if (maxConcurrent < 1) {
            throw new ConfigurationException("tool maxConcurrent must be >= 1, was " + maxConcurrent);
        }
        if (ratePerSecond < 0) {
            throw new ConfigurationException("tool ratePerSecond must be >= 0 (0 = unlimited), was " + ratePerSecond);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new ConfigurationException("tool maxWait must be >= 0, was " + maxWait);
        }
    }

    public static ToolLimits of(int maxConcurrent, int ratePerSecond) {
        return new ToolLimits(maxConcurrent, ratePerSecond, Duration.ofMinutes(1));
    }

    public boolean unlimited() {
        return maxConcurrent == Integer.MAX_VALUE && ratePerSecond == 0;
    }
}
