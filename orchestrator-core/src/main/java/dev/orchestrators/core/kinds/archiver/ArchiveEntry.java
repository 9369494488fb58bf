package dev.orchestrators.core.kinds.archiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One archived envelope. Immutable: the JSON bytes are copied in and out.
 *
 * @param key          what the entry is final for and de-duplicated by: {@code <run_id>/<orchestrator>}
 * @param runId        the run the envelope belongs to
 * @param flow         the flow the run belongs to
 * @param archivedAt   when it was archived
 * @param envelopeJson the envelope exactly as on the wire (UTF-8 JSON, {@link Json}'s format)
 */
public record ArchiveEntry(String key, String runId, String flow, Instant archivedAt, byte[] envelopeJson) {

    public ArchiveEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(archivedAt, "archivedAt");
        if (key.isBlank()) {
            throw new IllegalArgumentException("an archive entry needs a non-blank key");
        }
        envelopeJson = Objects.requireNonNull(envelopeJson, "envelopeJson").clone();
    }

    /**
     * The final {@code envelope}, serialised with {@link Json}, keyed {@code <run_id>/<orchestrator>}.
     *
     * @throws IllegalArgumentException when the envelope cannot be serialised (a field value that is not JSON)
     */
    public static ArchiveEntry of(Envelope envelope, Instant archivedAt) {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the envelope of run " + envelope.runId() + " cannot be written as JSON", e);
        }
        return new ArchiveEntry(keyOf(envelope.runId(), envelope.metadata().orchestrator()), envelope.runId(),
                envelope.metadata().flow(), archivedAt, json);
    }

    /** The key of the final envelope of {@code orchestrator} in run {@code runId}. */
    public static String keyOf(String runId, String orchestrator) {
        return runId + "/" + orchestrator;
    }

    /** A copy of the envelope's JSON bytes. */
    @Override
    public byte[] envelopeJson() {
        return envelopeJson.clone();
    }

    /** The envelope's JSON as text. */
    public String envelopeText() {
        return new String(envelopeJson, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArchiveEntry e && key.equals(e.key) && runId.equals(e.runId) && flow.equals(e.flow)
                && archivedAt.equals(e.archivedAt) && Arrays.equals(envelopeJson, e.envelopeJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, runId, flow, archivedAt) * 31 + Arrays.hashCode(envelopeJson);
    }

    @Override
    public String toString() {
        return "ArchiveEntry[key=" + key + ", runId=" + runId + ", flow=" + flow + ", archivedAt=" + archivedAt
                + ", envelopeJson=" + envelopeJson.length + " bytes]";
    }
}
