/**
 * The reference flows, contributed to {@code bin/orchestrator} through the {@code FlowProvider} SPI
 * ({@link dev.orchestrators.samples.SampleFlows}) exactly as a user's own flows are: {@code lead_sync} (coordinator,
 * {@link dev.orchestrators.samples.LeadSyncSample}), {@code support_triage} (router) with its sub-flows
 * {@code lead_intake} and {@code support_ticket} ({@link dev.orchestrators.samples.SupportTriageSample}),
 * {@code account_provisioning} (saga, {@link dev.orchestrators.samples.AccountProvisioningSample}),
 * {@code followup_reminder} (scheduler, {@link dev.orchestrators.samples.FollowupReminderSample}) and
 * {@code company_search} (aggregator, {@link dev.orchestrators.samples.CompanySearchSample}).
 *
 * <p>Examples to read and copy, not API: the demo, the bench, the chaos harness and the tests use them, and they may
 * change with them. Their tools are SAMPLES ({@link dev.orchestrators.samples.SampleTools},
 * {@link dev.orchestrators.samples.SampleSystems}): deterministic, in memory, with latency and faults injected as
 * {@link dev.orchestrators.samples.SampleEnvironment} says ({@code samples.*} settings); not for production. Real
 * adapters configured under the same tool names replace them.
 */
package dev.orchestrators.samples;
