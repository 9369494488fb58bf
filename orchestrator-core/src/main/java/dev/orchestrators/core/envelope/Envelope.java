package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The canonical result of every orchestrator: {@code {metadata, records[]}}.
 *
 * <p>Immutable and safe to share between threads. Every record carries its own provenance.
 * On the wire (JSON) field names are snake_case; see {@code docs/wire-format.md}.
 */
public record Envelope(
        @JsonProperty("metadata") Metadata metadata,
        @JsonProperty("records") List<EnvelopeRecord> records) {

    public Envelope {
        Objects.requireNonNull(metadata, "metadata");
        records = records == null ? List.of() : List.copyOf(records);
    }

    public String runId() {
        return metadata.runId();
    }

    public RunStatus status() {
        return metadata.status();
    }

    public Envelope withMetadata(Metadata newMetadata) {
        return new Envelope(newMetadata, records);
    }
}
