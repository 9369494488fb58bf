package dev.orchestrators.streams.config;

/**
 * The limits that protect the runtime from what a request can contain. A request over a limit is a dead
 * letter with the reason naming the limit and its configuration key, never a crash; a run whose answer is over
 * a limit (too many records, an envelope too large to produce) dead-letters its request instead of failing the
 * stream. Immutable.
 *
 * @param requestBytes         largest request value ({@code orchestrator.limits.request.bytes})
 * @param keyBytes             largest request key ({@code orchestrator.limits.key.bytes})
 * @param runIdLength          longest run id ({@code orchestrator.limits.run.id.length})
 * @param headers              most headers on a request ({@code orchestrator.limits.headers})
 * @param headerBytes          largest total size of a request's headers ({@code orchestrator.limits.header.bytes})
 * @param nestingDepth         deepest nesting of JSON objects and arrays in a request ({@code orchestrator.limits.nesting.depth})
 * @param recordsPerEnvelope   most records an envelope may carry ({@code orchestrator.limits.records.per.envelope})
 * @param resultBytes          largest envelope or audit record the runtime writes ({@code orchestrator.limits.result.bytes});
 *                             keep it below the producer's {@code max.request.size} and the topics' {@code max.message.bytes}
 */
public record RequestLimits(int requestBytes, int keyBytes, int runIdLength, int headers, int headerBytes, int nestingDepth,
                            int recordsPerEnvelope, int resultBytes) {

    /** The defaults of the configuration keys. */
    public static final RequestLimits DEFAULTS = new RequestLimits(1_000_000, 16_384, 256, 64, 65_536, 64, 10_000, 1_000_000);
}
