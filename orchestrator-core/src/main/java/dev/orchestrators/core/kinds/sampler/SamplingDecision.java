package dev.orchestrators.core.kinds.sampler;

import dev.orchestrators.core.errors.ConfigurationException;
import java.nio.charset.StandardCharsets;

/**
 * Which runs are sampled: deterministically by run id, so a replay, a retry or another instance samples the
 * same runs. A run is sampled iff {@code bucket(run_id) < rate * 10 000}, where {@link #bucket} is the 64-bit
 * FNV-1a hash of the run id's UTF-8 bytes, mixed by MurmurHash3's {@code fmix64} finaliser (so similar ids
 * spread evenly), modulo 10 000. Other runtimes can reproduce it from this definition. Immutable.
 *
 * @param rate the fraction of runs sampled, in [0, 1]; resolution 1/10 000
 */
public record SamplingDecision(double rate) {
    /** The number of buckets run ids fall in. */
    public static final int BUCKETS = 10_000;

    /** @throws ConfigurationException when {@code rate} is not in [0, 1], naming it */
    public SamplingDecision {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new ConfigurationException("sampling rate must be in [0, 1], was " + rate);
        }
    }

    /**
     * The decision for {@code rate}.
     *
     * @throws ConfigurationException when {@code rate} is not in [0, 1], naming it
     */
    public static SamplingDecision ofRate(double rate) {
        return new SamplingDecision(rate);
    }

    /** Whether the run {@code runId} is sampled. */
    public boolean sampled(String runId) {
        return bucket(runId) < Math.round(rate * BUCKETS);
    }

    /** The bucket of {@code runId}, in [0, 10 000). */
    public static int bucket(String runId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return (int) Math.floorMod(hash, (long) BUCKETS);
    }
}
