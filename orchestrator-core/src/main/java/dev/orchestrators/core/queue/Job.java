package dev.orchestrators.core.queue;

import dev.orchestrators.core.envelope.Payload;
import java.time.Instant;
import java.util.Objects;

/**
 * A queued run: which flow to run and with which payload. Its id is the payload's {@code run_id}.
 */
public record Job(String flow, Payload payload, Instant enqueuedAt) {
    public Job {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    public String id() {
        return payload.runId();
    }
}
