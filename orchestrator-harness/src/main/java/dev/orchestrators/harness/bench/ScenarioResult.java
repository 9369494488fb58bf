package dev.orchestrators.harness.bench;

import java.util.List;

/**
 * The figures of one scenario under one processing guarantee.
 *
 * @param name                 scenario name, e.g. {@code lead_sync_20ms}
 * @param guarantee            {@code exactly_once_v2} or {@code at_least_once}
 * @param instances            worker instances (processes or in-process runtimes)
 * @param placement            where the workers ran: {@code in-process} or {@code child-jvm}
 * @param envelopes            output records counted in the backlog phase
 * @param envelopesPerSec      backlog throughput, first to last output record read with read_committed
 * @param steadyPerSec         backlog throughput between the 10th and 90th percentile arrivals (a cross-check
 *                             that is not skewed by exactly_once_v2's commit bursts at the ends)
 * @param backlog              end-to-end latency of the backlog phase (mostly queueing)
 * @param pacedRate            requests per second produced in the paced phase
 * @param paced                end-to-end latency in the paced phase: the reported latency figures
 * @param duplicates           output records seen more than once (at_least_once may repeat)
 * @param complete             whether every expected output arrived before the phase deadlines
 * @param failedShare          share of the backlog's envelopes with status FAILED (for the saga scenarios: the
 *                             runs that compensated), or negative for scenarios that write no envelopes
 * @param workerCpuUsPerRecord CPU of the worker processes per backlog record in microseconds (child JVMs
 *                             only, else negative)
 * @param benchCpuUsPerRecord  CPU of the bench JVM (broker, load and measuring clients, and in-process
 *                             workers) per backlog record in microseconds
 * @param sweep                the latency sweep's points, in rate order (empty unless the scenario sweeps); the
 *                             {@code paced} figures are one of them
 * @param rebalance            what a worker joining cost (the join scenario only, else null)
 */
record ScenarioResult(String name, String guarantee, int instances, String placement, long envelopes,
                      double envelopesPerSec, double steadyPerSec, LatencySummary backlog, double pacedRate, LatencySummary paced,
                      long duplicates, boolean complete, double failedShare, double workerCpuUsPerRecord,
                      double benchCpuUsPerRecord, List<LatencySweep.SweepPoint> sweep, RebalanceResult rebalance) {

    ScenarioResult {
        sweep = List.copyOf(sweep);
    }

    /** A result without a sweep or a join. */
    ScenarioResult(String name, String guarantee, int instances, String placement, long envelopes, double envelopesPerSec,
                   double steadyPerSec, LatencySummary backlog, double pacedRate, LatencySummary paced, long duplicates,
                   boolean complete, double failedShare, double workerCpuUsPerRecord, double benchCpuUsPerRecord) {
        this(name, guarantee, instances, placement, envelopes, envelopesPerSec, steadyPerSec, backlog, pacedRate, paced,
                duplicates, complete, failedShare, workerCpuUsPerRecord, benchCpuUsPerRecord, List.of(), null);
    }

    /** Whether there was a paced phase (the scaling and join scenarios measure throughput only). */
    boolean hasPacedPhase() {
        return pacedRate > 0;
    }
}
