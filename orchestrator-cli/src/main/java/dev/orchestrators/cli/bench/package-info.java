/**
 * {@code orchestrator bench}: throughput and latency of lead_sync, a saga (account_provisioning) and a router
 * (support_triage with its sub-flows) on the runtime against raw Kafka baselines (a Kafka Streams identity
 * topology, a consumer-producer loop) and a naive blocking loop, on one embedded broker, under exactly_once_v2
 * and at_least_once. Not API: only {@link dev.orchestrators.cli.bench.BenchCommand}
 * is public, for the command line.
 *
 * <pre>
 * bin/orchestrator bench --quick                      # CI-sized, about two minutes on two cores
 * bin/orchestrator bench --json target/bench.json     # full run, rewrites BENCHMARKS.md
 * bin/orchestrator bench --scenarios lead_sync_20ms --guarantees at_least_once -D num.stream.threads=2
 * bin/orchestrator bench --scenarios lead_sync_inmem,saga_inmem,router_inmem --quick
 * </pre>
 */
package dev.orchestrators.cli.bench;
