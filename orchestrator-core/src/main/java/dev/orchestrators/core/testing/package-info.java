/**
 * Test doubles for users' tests of their flows and tools, shipped in the main jar (as Kafka ships
 * {@code MockProducer}): {@link dev.orchestrators.core.testing.FakeTool}, a tool you script and inspect. The other
 * fakes live beside the contract they implement: {@link dev.orchestrators.core.time.ManualTime},
 * {@link dev.orchestrators.core.tool.InMemoryToolContainer}, {@link dev.orchestrators.core.audit.InMemoryAuditStore},
 * {@link dev.orchestrators.core.ledger.InMemorySideEffectLedger},
 * {@link dev.orchestrators.core.queue.InMemoryJobScheduler}, {@link dev.orchestrators.core.queue.InMemoryQueue},
 * {@link dev.orchestrators.core.kinds.archiver.InMemoryArchiveStore} and
 * {@link dev.orchestrators.core.monitoring.RecordingMonitoring}. The test kit ({@code orchestrator-testkit}) runs a
 * flow's real topology with them.
 */
package dev.orchestrators.core.testing;
