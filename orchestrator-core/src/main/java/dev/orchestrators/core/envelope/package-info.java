/**
 * The wire format every orchestrator produces: an {@link dev.orchestrators.core.envelope.Envelope} is
 * {@code {metadata, records[]}}, the answer to one run of a {@link dev.orchestrators.core.envelope.Payload}.
 * {@link dev.orchestrators.core.envelope.Metadata} carries the run id, flow, status
 * ({@link dev.orchestrators.core.envelope.RunStatus}: OK, PARTIAL, BLOCKED, DISABLED, FAILED), the error
 * ({@link dev.orchestrators.core.envelope.ErrorInfo}) and the steps that ran
 * ({@link dev.orchestrators.core.envelope.StepRun}); every {@link dev.orchestrators.core.envelope.EnvelopeRecord}
 * carries its own lineage ({@link dev.orchestrators.core.envelope.Provenance}). Public API: what callers read and
 * what tools' answers become.
 *
 * <p>All types are immutable records, written as JSON with snake_case field names by
 * {@code dev.orchestrators.core.json.Json}; {@code docs/wire-format.md} describes every field. The package knows no
 * orchestrator (an ArchUnit rule keeps it so).
 */
package dev.orchestrators.core.envelope;
