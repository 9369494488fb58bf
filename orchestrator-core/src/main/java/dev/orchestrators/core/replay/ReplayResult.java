package dev.orchestrators.core.replay;

import dev.orchestrators.core.envelope.Envelope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One replayed run: the envelope the flow produces now, the audited one, and how they differ. Immutable.
 *
 * @param runId       the run replayed
 * @param flow        the flow it was replayed with
 * @param recorded    its audited final envelope; empty when the audit has none (not answered yet, dead-lettered,
 *                    or compacted away)
 * @param replayed    the envelope the flow produces now
 * @param differences what differs ({@link EnvelopeDiff}); empty when they match or nothing was recorded
 * @param unrecorded  side-effecting calls the replayed run made that the recorded run did not (tool and
 *                    idempotency key): never performed, they failed the replayed run with {@code NotInRecording}
 */
public record ReplayResult(String runId, String flow, Optional<Envelope> recorded, Envelope replayed,
                           List<EnvelopeDiff.Difference> differences, List<String> unrecorded) {

    public ReplayResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(replayed, "replayed");
        differences = List.copyOf(differences);
        unrecorded = List.copyOf(unrecorded);
    }

    /** Whether the recorded envelope exists and the replayed one matches it. */
    public boolean matches() {
        return recorded.isPresent() && differences.isEmpty();
    }
}
