/**
 * Internal, not API (it may change without notice): the topics flows need, created at start-up when they are
 * missing. Used by {@code OrchestratorRuntime}.
 * {@link dev.orchestrators.streams.internals.provisioning.TopicProvisioner} creates what is missing from the flows'
 * {@code TopicRequirement}s, waits until every partition has a leader, and never alters an existing topic: one that
 * lacks what a flow needs fails the start. Under least-privilege ACLs the topics exist beforehand (see
 * {@code dev.orchestrators.streams.security}) and nothing is created.
 */
package dev.orchestrators.streams.internals.provisioning;
