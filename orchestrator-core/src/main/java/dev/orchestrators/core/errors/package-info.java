/**
 * The failures orchestrators raise, and whether retrying may help. Public API.
 * {@link dev.orchestrators.core.errors.OrchestratorException} is the root: a
 * {@link dev.orchestrators.core.errors.TransientException} may go away on retry (the retry policy applies), a
 * {@link dev.orchestrators.core.errors.PermanentException} will not, and a
 * {@link dev.orchestrators.core.errors.ConfigurationException} stops a flow at start-up. Each has a short, stable
 * {@code type()} that ends up in {@code metadata.error.type}.
 *
 * <p>Tools throw (or complete exceptionally with) these; a
 * {@link dev.orchestrators.core.errors.FailureClassifier} maps a third-party library's own exceptions to a
 * {@link dev.orchestrators.core.errors.FailureClass} instead. The other types name particular failures: a call
 * refused for its capability, a time-out, a saturated resource, a side effect whose outcome cannot be known
 * ({@link dev.orchestrators.core.errors.IndeterminateOutcomeException}, never retried).
 */
package dev.orchestrators.core.errors;
