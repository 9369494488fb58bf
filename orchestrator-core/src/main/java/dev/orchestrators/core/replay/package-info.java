/**
 * Replay for audit: re-runs recorded requests with the flows as they are now, in process, and compares each new
 * envelope with the audited one. Public API, behind {@code orchestrator replay}.
 *
 * <p>{@link dev.orchestrators.core.replay.Replayer} is the entry point: it is given the registry and, per run, the
 * {@link dev.orchestrators.core.replay.Recording} built from the audit entries
 * ({@link dev.orchestrators.core.replay.Recording#of}),
 * and answers each run with a {@link dev.orchestrators.core.replay.ReplayResult} whose differences
 * {@link dev.orchestrators.core.replay.EnvelopeDiff} finds. Nothing a replay does reaches the world: WRITE and SEND
 * tools are answered from the recording ({@link dev.orchestrators.core.replay.ReplayTools}), side effects are claimed
 * in a ledger of the replay's own ({@link dev.orchestrators.core.replay.ReplayLedger}) and jobs are never scheduled
 * ({@link dev.orchestrators.core.replay.ReplayJobs}); READ tools are called for real.
 *
 * <pre>{@code
 * Map<String, Recording> recordings = Recording.of(auditEntries);
 * Replayer replayer = new Replayer(registry, context, recordings, false, Duration.ofSeconds(30));
 * ReplayResult result = replayer.replay("lead_sync", runId, payload);
 * result.matches();        // false: result.differences() says what differs
 * }</pre>
 */
package dev.orchestrators.core.replay;
