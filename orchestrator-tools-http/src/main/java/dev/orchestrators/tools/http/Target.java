package dev.orchestrators.tools.http;

/**
 * What one call is, as failure messages and classification may see it: never a filled-in path, a query value, a
 * header or a secret. Immutable.
 *
 * @param tool                   the tool's name
 * @param method                 the request method
 * @param path                   the path TEMPLATE under the base URL ({@code /v1/companies/{domain}}), not the filled path
 * @param idempotencyKey         the key sent in the idempotency header; {@code null} for a READ call (none sent)
 * @param indeterminateOnTimeout whether a side effect whose request may have reached the server without an answer
 *                               is indeterminate (the server does not honour the idempotency header)
 */
record Target(String tool, String method, String path, String idempotencyKey, boolean indeterminateOnTimeout) {

    /** Whether the call performs a side effect under an idempotency key. */
    boolean sideEffect() {
        return idempotencyKey != null;
    }

    /** {@code tool 'name': METHOD /path/{template}}, the start of every failure message. */
    String describe() {
        return "tool '" + tool + "': " + method + " " + (path.isEmpty() ? "/" : path);
    }
}
