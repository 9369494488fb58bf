/**
 * Internal, not API (it may change without notice): the Kafka Streams topology of each shape of flow. Used by
 * {@code OrchestratorRuntime}, {@code FlowPlan} and {@code security.TopicPlan} in this module, and by the test driver.
 *
 * <p>{@link dev.orchestrators.streams.internals.shapes.Shape} is one kind of topology: it declares what it needs
 * beyond what every flow has (topics, stores) and builds its processors. There is one class per shape (pipeline,
 * router, saga, scheduler), and {@link dev.orchestrators.streams.internals.shapes.FlowTopologies} is the lookup from
 * a flow's orchestrator to its shape, plus what every topology shares; a new shape is one new class listed there.
 * The request processors extend a shared base ({@code RequestProcessor}) that matches each run's {@code RunOutcome}
 * exhaustively. A saga's compensations run on the task of its requests ({@code CompensationProcessor}, state in
 * {@link dev.orchestrators.streams.internals.shapes.SagaState}); a scheduler's jobs wait in a sub-topology of their
 * own ({@link dev.orchestrators.streams.internals.shapes.JobStoreProcessor}).
 * {@link dev.orchestrators.streams.internals.shapes.ArchiveTopology} is the archiver, an application of its own
 * over the audit topic.
 */
package dev.orchestrators.streams.internals.shapes;
