package dev.orchestrators.tools.mail;

import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.tool.ToolResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the last {@code capacity} sends ended, by idempotency key, when that end must not be repeated: accepted (the
 * answer), or indeterminate (the server may have accepted it). A key called again (its first answer was lost to a
 * tool time-out, the ledger released it, someone retried) is answered from here instead of being sent twice. Failures
 * that are known not to have sent anything are not kept: their key may be sent again. Bounded, least recently used
 * first out. Thread-safe.
 */
final class RecentSends {
    private final Map<String, Object> ends;

    RecentSends(int capacity) {
        this.ends = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How the send of {@code key} ended, as a completed stage, or {@code null} when it is not known. */
    synchronized CompletableFuture<ToolResult> get(String key) {
        Object end = ends.get(key);
        if (end instanceof ToolResult result) {
            return CompletableFuture.completedFuture(result);
        }
        return end == null ? null : CompletableFuture.failedFuture((IndeterminateOutcomeException) end);
    }

    /** Keeps how the send of {@code key} ended, when it is an answer or an indeterminate outcome. */
    synchronized void ended(String key, ToolResult result, Throwable failure) {
        if (result != null) {
            ends.put(key, result);
        } else if (failure instanceof IndeterminateOutcomeException indeterminate) {
            ends.put(key, indeterminate);
        }
    }
}
