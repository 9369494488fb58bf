/**
 * The saga kind: several side-effecting steps that succeed together or are undone together. Each step is an
 * {@link dev.orchestrators.core.kinds.executor.Executor} naming its compensator; when a step fails after others
 * succeeded, the completed ones are compensated in reverse order, each at most once, and the run ends FAILED with
 * {@code metadata.details.saga} saying what was done and what was undone. Public API.
 *
 * <pre>{@code
 * Saga provisioning = Saga.newBuilder("account_provisioning")
 *     .validateWith(policy)         // optional, runs first
 *     .step(createCrmRecord)        // Executor with compensator "crm_delete"
 *     .step(grantAccess)            // Executor with compensator "revoke_access"
 *     .step(sendWelcome)            // the last step needs no compensator
 *     .build(context);
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.saga.Saga} is the entry point. Run in process (tests, a {@code Worker}, nested
 * as a step) it compensates itself. On the Kafka runtime it ends in a
 * {@link dev.orchestrators.core.orchestrator.RunOutcome.CompensationRequired} carrying a
 * {@link dev.orchestrators.core.kinds.saga.CompensationPlan}; the runtime writes its
 * {@link dev.orchestrators.core.kinds.saga.Compensation} commands to {@code <flow>.compensations} and runs each
 * with {@link dev.orchestrators.core.kinds.saga.Saga#compensate}. The other types are the reports of a saga run
 * ({@link dev.orchestrators.core.kinds.saga.SagaStepReport}) and its failure
 * ({@link dev.orchestrators.core.kinds.saga.SagaFailedException}).
 */
package dev.orchestrators.core.kinds.saga;
