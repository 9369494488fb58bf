/**
 * {@code orchestrator chaos}: the fault-injection harness. It starts a broker and workers of lead_sync and
 * account_provisioning as processes of their own ({@code orchestrator broker}, {@code orchestrator run}, started on
 * this JVM's class path), publishes requests with hostile ones mixed in, injects faults (worker SIGKILLs with and
 * without their state, scaling, broker restarts, cut connections, failing tools), then counts with a
 * {@code read_committed} consumer and the sample systems' ledger that nothing was lost or doubled and every hostile
 * request was dead-lettered once. Not API: only {@link dev.orchestrators.harness.chaos.ChaosCommand} is public, for
 * the command line, which finds it as a {@link dev.orchestrators.cli.spi.CommandPlugin}. See docs/reliability.md.
 *
 * <pre>
 * bin/orchestrator chaos                                   # full: 100,000 requests, exactly_once_v2
 * bin/orchestrator chaos --guarantee at_least_once
 * bin/orchestrator chaos --quick --json target/chaos.json  # a few thousand requests, every fault, a few minutes
 * </pre>
 */
package dev.orchestrators.harness.chaos;
