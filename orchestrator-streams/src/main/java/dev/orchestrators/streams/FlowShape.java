package dev.orchestrators.streams;

/**
 * The kind of Kafka Streams topology a flow runs as, decided by its orchestrator's kind (see {@link FlowPlan}):
 * <ul>
 *   <li>{@code PIPELINE}: requests in, one envelope per request out (every kind that answers in process).</li>
 *   <li>{@code ROUTER}: requests are passed to the chosen sub-flow's request topic; the sub-flow answers.</li>
 *   <li>{@code SAGA}: forward steps, and compensations through {@code <flow>.compensations} when a step fails.</li>
 *   <li>{@code SCHEDULER}: planned jobs through the compacted {@code <flow>.jobs}, fired into target flows.</li>
 * </ul>
 */
public enum FlowShape { PIPELINE, ROUTER, SAGA, SCHEDULER }
