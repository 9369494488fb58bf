package dev.orchestrators.samples;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.flow.FlowEnvironment;
import dev.orchestrators.core.flow.FlowProvider;
import java.util.List;

/**
 * The reference flows, contributed to {@code bin/orchestrator} through the {@link FlowProvider} SPI exactly
 * as a user's own flows are (see {@code META-INF/services}): {@code lead_sync} (coordinator),
 * {@code support_triage} (router) with its sub-flows {@code lead_intake} and {@code support_ticket},
 * {@code account_provisioning} (saga), {@code followup_reminder} (scheduler) and {@code company_search}
 * (aggregator). Their tools are SAMPLES: deterministic and in memory.
 */
public final class SampleFlows implements FlowProvider {

    @Override
    public List<Flow> flows(FlowEnvironment environment) {
        return all(SampleEnvironment.of(environment));
    }

    /** Every reference flow, with tools behaving as {@code env} says. */
    public static List<Flow> all(SampleEnvironment env) {
        return List.of(
                LeadSyncSample.flow(env),
                SupportTriageSample.router(env),
                SupportTriageSample.leadIntake(env),
                SupportTriageSample.supportTicket(env),
                AccountProvisioningSample.flow(env),
                FollowupReminderSample.flow(),
                CompanySearchSample.flow(env));
    }
}
