package dev.orchestrators.samples;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.scheduler.Scheduler;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import java.time.Duration;

/**
 * The reference scheduler {@code followup_reminder}: schedules a follow-up run of {@code lead_sync} (re-sync
 * a lead later) or {@code company_search}; the job waits in the scheduler's persistent job store and is
 * emitted once to the target's request topic when due, also if it fell due while no worker ran. Cancel with
 * {@code {"cancel": "<job_id>"}}.
 *
 * <p>Payload: {@code {"target": "lead_sync", "delay": "PT24H", "key": "L-42", "job": {"lead_id": "L-42"}}}.
 */
public final class FollowupReminderSample {
    public static final String FLOW = "followup_reminder";

    private FollowupReminderSample() {
    }

    public static Flow flow() {
        return Flow.newBuilder(FLOW)
                .description("schedule a follow-up run of lead_sync or company_search for later; cancel by job id")
                .tools(InMemoryToolContainer.newBuilder().build())
                .orchestrator(ctx -> Scheduler.newBuilder(FLOW)
                        .defaultTarget(LeadSyncSample.FLOW)
                        .target(CompanySearchSample.FLOW)
                        .maxDelay(Duration.ofDays(90))
                        .build(ctx))
                .build();
    }
}
