/**
 * The scheduler kind: plans a follow-up run of a declared target flow for later (a reminder, a re-sync), or
 * cancels one, with no heavy work of its own. It hands a {@link dev.orchestrators.core.queue.ScheduledJob} to the
 * context's {@link dev.orchestrators.core.queue.JobScheduler} and answers with the job's descriptor. Public API.
 *
 * <pre>{@code
 * Scheduler reminders = Scheduler.newBuilder("followup_reminder")
 *     .defaultTarget("lead_sync")              // for requests that name no target
 *     .target("company_search")                // only declared targets are accepted
 *     .maxDelay(Duration.ofDays(90))
 *     .build(context);
 * // request: {"target": "lead_sync", "delay": "PT24H", "key": "L-42", "job": {"lead_id": "L-42"}}
 * // cancel:  {"cancel": "<job_id>"}
 * }</pre>
 *
 * {@link dev.orchestrators.core.kinds.scheduler.Scheduler} states the request format and the contract. In process
 * the jobs fire from an {@link dev.orchestrators.core.queue.InMemoryJobScheduler}; the Kafka runtime keeps them in a
 * changelogged job store and emits each once, when due.
 */
package dev.orchestrators.core.kinds.scheduler;
