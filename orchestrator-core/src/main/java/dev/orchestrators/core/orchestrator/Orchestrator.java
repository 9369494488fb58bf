package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.InvalidPayloadException;
import dev.orchestrators.core.tool.Capability;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A named, discoverable unit that takes a {@link Payload} and returns the canonical {@link Envelope}
 * {@code {metadata, records[]}}, every record with its provenance.
 *
 * <p>Tool failures do not escape as exceptions: they end in an envelope with status {@code FAILED} and
 * {@code metadata.error}, which is also audited. Implementations must be thread-safe: one instance
 * serves many concurrent runs.
 */
public interface Orchestrator {

    /** The registry name, used in envelopes, provenance, metrics and audit keys. */
    String name();

    /** The tool capabilities this orchestrator may use; calls to other tools are refused before they run. */
    Set<Capability> capabilities();

    /** The kind's stable name: {@code coordinator}, {@code aggregator}, {@code saga}, ... */
    String kind();

    /** What the orchestrator is made of, as declared: for start-up checks and {@code orchestrator flows}. */
    Description describe();

    /**
     * Rejects a payload the orchestrator cannot run, before any tool is called.
     *
     * @throws InvalidPayloadException naming what is wrong
     */
    void validatePayload(Payload payload);

    /** Runs to completion on the calling thread and returns the final envelope. */
    Envelope run(Payload payload);

    /**
     * Runs one attempt without blocking: tool calls and retry back-offs hold no thread. The stage completes with
     * how the attempt ended, as data ({@link RunOutcome}: answered with an envelope, routed, compensation
     * required, deferred for a retry, or failed); it does not complete exceptionally. Hand-off outcomes come only
     * under {@link ExecutionOptions#handOff()}, a deferral only when a back-off exceeds
     * {@link ExecutionOptions#maxInMemoryBackoff()}.
     */
    CompletionStage<RunOutcome> attempt(Payload payload, ExecutionOptions options);

    /**
     * Runs without blocking, for callers in process: the stage completes with the final envelope, or exceptionally
     * only with {@code RetryDeferredException} (when {@code options.maxInMemoryBackoff} is exceeded) or with what
     * broke the run (an audit-store failure). See {@link RunOutcome#toEnvelopeStage()}.
     */
    default CompletionStage<Envelope> execute(Payload payload, ExecutionOptions options) {
        return attempt(payload, options).thenCompose(RunOutcome::toEnvelopeStage);
    }

    /**
     * Enqueues the run on the context's queue for a worker and returns its job id, which is the run id.
     *
     * @throws ConfigurationException when the orchestrator was built without a queue
     */
    String runAsync(Payload payload);
}
