/**
 * Internal plumbing of in-process runs, not API: it may change without notice. The orchestrator bases of
 * {@code dev.orchestrators.core.orchestrator} and the kinds of {@code dev.orchestrators.core.kinds} are its only
 * users; ArchUnit rules keep every other package of core, the Kafka runtime and the command line from depending on
 * it.
 *
 * <p>{@link dev.orchestrators.core.internal.RunContext} is the state of one run that its steps share (id, flow,
 * payload, options, services, trace context, the steps run so far, and a hand-off to the runtime);
 * {@link dev.orchestrators.core.internal.EnvelopeOutcomes} turns the envelope of a run nested in another (a router's
 * sub-flow run in process) into the outer step's outcome.
 */
package dev.orchestrators.core.internal;
