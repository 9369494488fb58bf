package dev.orchestrators.harness.bench;

/**
 * What adding a worker to a running group cost ({@code lead_sync_limited_join}). Times are seconds from the
 * moment the new worker JVM was started. Immutable.
 *
 * @param steadyPerSec  output rate before the new worker started (one instance)
 * @param afterPerSec   output rate at the end of the window (two instances)
 * @param joinedSeconds when the group first had the new member (-1: never seen)
 * @param stableSeconds when the group was stable again with both members owning every partition (-1: never seen)
 * @param dip           the dip in output rate after the start, against {@code steadyPerSec}
 * @param timeline      the output rate around the join
 */
record RebalanceResult(double steadyPerSec, double afterPerSec, double joinedSeconds, double stableSeconds,
                       RateTimeline.Dip dip, RateTimeline timeline) {
}
