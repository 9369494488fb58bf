/**
 * {@code orchestrator bench}: throughput and latency of lead_sync, a saga (account_provisioning) and a router
 * (support_triage with its sub-flows) on the runtime against raw Kafka baselines (a Kafka Streams identity
 * topology, envelope_identity: a topology writing the records lead_sync writes, a consumer-producer loop) and a
 * naive blocking loop; how workers capped by a per-instance limit scale (lead_sync_limited_x1/_x2/_x4) and what a
 * worker joining a running group costs (lead_sync_limited_join); on one embedded broker, under exactly_once_v2
 * and at_least_once. Writes BENCHMARKS.md and its chart, BENCHMARKS.svg. Not API: only
 * {@link dev.orchestrators.harness.bench.BenchCommand} is public, for the command line, which finds it as a
 * {@link dev.orchestrators.cli.spi.CommandPlugin}.
 *
 * <pre>
 * bin/orchestrator bench --quick                      # CI-sized: fewer requests, shorter phases
 * bin/orchestrator bench --json target/bench.json     # full run, rewrites BENCHMARKS.md
 * bin/orchestrator bench --scenarios lead_sync_20ms --guarantees at_least_once -D num.stream.threads=2
 * bin/orchestrator bench --scenarios lead_sync_inmem,saga_inmem,router_inmem --quick
 * bin/orchestrator bench --quick --scenarios envelope_identity,lead_sync_limited_x1,lead_sync_limited_x2 --json x.json
 * </pre>
 */
package dev.orchestrators.harness.bench;
