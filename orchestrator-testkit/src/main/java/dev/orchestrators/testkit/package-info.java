/**
 * The test kit: everything a test of a flow needs, with one test-scope dependency.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.orchestrators</groupId>
 *   <artifactId>orchestrator-testkit</artifactId>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <p>{@link dev.orchestrators.testkit.FlowTestDriver} runs a flow's real topology (the one {@code bin/orchestrator
 * run} hosts) in Kafka Streams' {@code TopologyTestDriver}: no broker, and with a {@code ManualTime}, tool time-outs,
 * retry back-offs and scheduled jobs follow the test's clock, so a one-hour reminder takes milliseconds.
 *
 * <pre>{@code
 * FakeTool crm = FakeTool.returning("crm_reader", Capability.READ, Map.of("lead_id", "L-7", "name", "Ada"));
 * Flow flow = Flow.newBuilder("lead_sync")
 *         .tools(InMemoryToolContainer.of(crm))
 *         .orchestrator(ctx -> Coordinator.newBuilder("lead_sync")
 *                 .capabilities(Capability.READ)
 *                 .step(Steps.fetch("fetch_lead", "crm_reader", p -> Map.of("lead_id", p.get("lead_id")), "lead_id"))
 *                 .build(ctx))
 *         .build();
 * try (FlowTestDriver driver = FlowTestDriver.newBuilder(flow).build()) {
 *     driver.send("L-7", "{\"run_id\": \"r-1\", \"payload\": {\"lead_id\": \"L-7\"}}");
 *     Envelope envelope = driver.results().readValue();
 *     assertEquals(RunStatus.OK, envelope.status());
 *     assertEquals(1, crm.callCount());
 * }
 * }</pre>
 *
 * <p>The fakes a test composes a flow with live beside the contracts they implement, in the jars this kit brings:
 * <ul>
 *   <li>{@link dev.orchestrators.core.time.ManualTime}: the clock and timer a test advances
 *       ({@code FlowTestDriver.Builder#time}, {@code OrchestratorContext.Builder#time});</li>
 *   <li>{@link dev.orchestrators.core.testing.FakeTool}: a tool you script (answers, transient or permanent
 *       failures, no answer at all) and inspect ({@code calls()});</li>
 *   <li>{@link dev.orchestrators.core.tool.InMemoryToolContainer}: the tools of a flow, by name;</li>
 *   <li>{@link dev.orchestrators.core.audit.InMemoryAuditStore},
 *       {@link dev.orchestrators.core.ledger.InMemorySideEffectLedger},
 *       {@link dev.orchestrators.core.queue.InMemoryJobScheduler}, {@link dev.orchestrators.core.queue.InMemoryQueue},
 *       {@link dev.orchestrators.core.kinds.archiver.InMemoryArchiveStore} and
 *       {@link dev.orchestrators.core.monitoring.RecordingMonitoring}: for testing an orchestrator in process, without
 *       a topology;</li>
 *   <li>{@link dev.orchestrators.streams.registry.InMemorySchemaRegistry}: the schema registry of an Avro flow's test
 *       ({@code FlowTestDriver.Builder#wireFormats}).</li>
 * </ul>
 * They stay in {@code orchestrator-core} and {@code orchestrator-streams} because the runtime itself uses some of
 * them (the in-memory stores are the defaults of an {@code OrchestratorContext}) and the runtime's own tests use all
 * of them.
 *
 * <p>What the kit brings, all at compile scope because the kit itself belongs at test scope: the runtime
 * ({@code orchestrator-streams}, {@code orchestrator-core}), Kafka's {@code kafka-streams-test-utils} of exactly the
 * runtime's Kafka version, and {@code slf4j-simple} as the logger, configured by the kit's
 * {@code simplelogger.properties} to print warnings and errors only (put your own in {@code src/test/resources} to
 * change that, or exclude {@code slf4j-simple} to use another provider). Do not add the kit at compile scope to a
 * flows jar: it would put a logger and Kafka's test driver in your production class path.
 */
package dev.orchestrators.testkit;
