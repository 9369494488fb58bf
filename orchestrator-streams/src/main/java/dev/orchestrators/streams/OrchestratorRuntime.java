package dev.orchestrators.streams;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.sampler.SamplingDecision;
import dev.orchestrators.core.kinds.sampler.TelemetryTap;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.core.time.Sleeper;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.LimitedTool;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolContainer;
import dev.orchestrators.core.tool.ToolLimits;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.config.ClientSecurity;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.internals.engine.DeadLetterHandler;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.ShutdownDrain;
import dev.orchestrators.streams.internals.observability.FlowMeters;
import dev.orchestrators.streams.internals.observability.KafkaTelemetrySink;
import dev.orchestrators.streams.internals.observability.RuntimeObservability;
import dev.orchestrators.streams.internals.provisioning.TopicProvisioner;
import dev.orchestrators.streams.internals.shapes.ArchiveTarget;
import dev.orchestrators.streams.internals.shapes.ArchiveTopology;
import dev.orchestrators.streams.internals.shapes.FlowTopologies;
import dev.orchestrators.streams.security.TopicPlan;
import dev.orchestrators.streams.security.TopicSpec;
import dev.orchestrators.streams.serde.WireFormats;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs registered flows as Kafka Streams applications: one {@link KafkaStreams} per flow (application id
 * {@code <prefix><flow>}), consuming {@code <flow>.requests} and producing envelopes to
 * {@code <flow>.results}, audit entries to the compacted audit topic and unreadable requests to
 * {@code <flow>.dlq}. Topics, and the changelogs of the flows' state stores, are created when missing. Each flow's
 * Kafka Streams state lives under the worker's data directory ({@code orchestrator.data.dir}, see
 * {@link OrchestratorConfig#stateDirectory()}). Scale out by starting more instances with the same configuration.
 *
 * <p>The runtime connects to the cluster that {@code bootstrap.servers} names; it never starts a broker. To run flows
 * on a broker inside the JVM (a test, a demo), start one first, e.g. {@code orchestrator-broker}'s
 * {@code EmbeddedKafkaBroker}, and pass its bootstrap servers: {@code bin/orchestrator} does so when it is given no
 * cluster.
 *
 * <pre>{@code
 * try (OrchestratorRuntime runtime = OrchestratorRuntime.start(registry, context, new OrchestratorConfig(props))) {
 *     runtime.awaitRunning(Duration.ofSeconds(60));
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the flows (in-flight requests are drained or handed over).
 */
public final class OrchestratorRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorRuntime.class);

    private final String bootstrapServers;
    private final Map<String, KafkaStreams> flows;
    private final Map<String, ShutdownDrain> drains;
    private final OrchestratorConfig config;
    private final List<AutoCloseable> services;
    private final RuntimeObservability observability;

    private OrchestratorRuntime(String bootstrapServers, Map<String, KafkaStreams> flows,
                                Map<String, ShutdownDrain> drains, OrchestratorConfig config, List<AutoCloseable> services,
                                RuntimeObservability observability) {
        this.services = services;
        this.observability = observability;
        this.drains = drains;
        this.bootstrapServers = bootstrapServers;
        this.flows = flows;
        this.config = config;
    }

    /**
     * Creates missing topics and starts every selected flow.
     *
     * @throws ConfigurationException for an empty {@code bootstrap.servers}, an unknown flow name, a flow that fails
     *                                its start-up checks, a topic that exists without what a flow needs, or an
     *                                unreachable cluster
     */
    public static OrchestratorRuntime start(Registry registry, OrchestratorContext context, OrchestratorConfig config) {
        return start(registry, context, config, RuntimeObservability.defaultRegistry(context, config));
    }

    /**
     * {@link #start(Registry, OrchestratorContext, OrchestratorConfig)}, with the runtime's meters in {@code meters}:
     * the flows' (envelopes, dead letters, runs in flight, parked retries), every Kafka Streams client's, sampled
     * telemetry's, and the orchestrators' unless the context has a registry of its own. With
     * {@code orchestrator.metrics.port}, {@code meters} must be a {@code PrometheusMeterRegistry} (or a composite
     * holding one): the endpoint serves it.
     *
     * @throws ConfigurationException as {@link #start(Registry, OrchestratorContext, OrchestratorConfig)}, and when
     *                                the metrics endpoint or the trace exporter cannot be set up
     */
    public static OrchestratorRuntime start(Registry registry, OrchestratorContext context, OrchestratorConfig config,
                                            MeterRegistry meters) {
        requireCluster(config);
        RuntimeObservability observability = RuntimeObservability.start(config, context, meters);
        try {
            return start(registry, observability, config);
        } catch (RuntimeException e) {
            observability.close();
            throw e;
        }
    }

    private static OrchestratorRuntime start(Registry registry, RuntimeObservability observability, OrchestratorConfig config) {
        OrchestratorContext context = observability.context();
        MeterRegistry meters = observability.registry();
        List<String> selected = selectFlows(registry, config);
        Registry limited = withToolLimits(registry, context, config.toolLimits());
        String auditTopic = config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG);
        Map<String, FlowPlan> plans = FlowPlan.of(limited, context, auditTopic);
        WireFormats wire = WireFormats.fromConfig(config, registry.names());
        String bootstrap = config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, KafkaStreams> started = new LinkedHashMap<>();
        Map<String, ShutdownDrain> drains = new LinkedHashMap<>();
        List<AutoCloseable> services = new ArrayList<>();
        try {
            double rate = config.getDouble(OrchestratorConfig.SAMPLE_RATE_CONFIG);
            String telemetryTopic = config.getString(OrchestratorConfig.TELEMETRY_TOPIC_CONFIG);
            Map<String, Object> adminProps = new java.util.HashMap<>(config.clientOverrides());
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(adminProps)) {
                List<TopicRequirement> topics = new ArrayList<>();
                selected.forEach(flow -> topics.addAll(plans.get(flow).topics()));
                if (rate > 0) {
                    topics.add(TopicRequirement.plain(telemetryTopic));
                }
                // The changelogs too, before the flows start: a changelog Kafka Streams creates itself is written to by its
                // exactly-once producer before every broker knows the new partition's leader (warnings, retries).
                List<TopicSpec> changelogs = TopicPlan.of(selected.stream().map(plans::get).toList(), config).internal();
                new TopicProvisioner(admin, config.getInt(OrchestratorConfig.TOPIC_PARTITIONS_CONFIG),
                        config.getShort(OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG),
                        Duration.ofMillis(config.getLong(OrchestratorConfig.STARTUP_TIMEOUT_MS_CONFIG)), context.clock())
                        .ensure(topics, changelogs);
            }
            TelemetryTap telemetry = null;
            if (rate > 0) {
                KafkaTelemetrySink sink = new KafkaTelemetrySink(bootstrap, telemetryTopic, config.clientOverrides());
                services.add(sink);
                telemetry = new TelemetryTap("runtime", SamplingDecision.ofRate(rate), sink, meters, context.clock(), 4096, null);
            }
            selected.forEach(flow -> prepareWireFormats(plans.get(flow), wire));
            for (String flow : selected) {
                OrchestratorConfig flowConfig = config.forFlow(flow);
                createStateDirectory(flowConfig);
                ShutdownDrain drain = new ShutdownDrain(context.clock());
                drains.put(flow, drain);
                FlowMeters flowMeters = observability.flowMeters(flow);
                FlowSpec spec = FlowSpec.of(plans.get(flow), context, flowConfig, drain, telemetry, wire, flowMeters);
                Properties props = streamsProperties(flow, bootstrap, flowConfig);
                RuntimeObservability.handTo(props, flowMeters);
                KafkaStreams streams = new KafkaStreams(FlowTopologies.build(spec), props);
                observability.watch(flow, streams);
                streams.setUncaughtExceptionHandler(exception -> {
                    LOG.error("flow {}: stream thread died; replacing it", flow, exception);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
                });
                streams.start();
                started.put(flow, streams);
                LOG.info("flow {} ({}) started: {} -> {}", flow, plans.get(flow).shape().name().toLowerCase(java.util.Locale.ROOT),
                        plans.get(flow).inputs(), plans.get(flow).outputs());
            }
            ArchiveTarget target = ArchiveTarget.of(config);
            if (target != null) {
                target.store().ifPresent(services::add);
                createStateDirectory(config);
                KafkaStreams archiver = new KafkaStreams(ArchiveTopology.build(auditTopic, target.opener(), context.monitoring()),
                        archiverProperties(bootstrap, config));
                observability.watch(ARCHIVER, archiver);
                archiver.setUncaughtExceptionHandler(exception -> {
                    LOG.error("archiver: stream thread died (the audit records since the last commit are archived again); replacing it", exception);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
                });
                archiver.start();
                started.put(ARCHIVER, archiver);
                LOG.info("archiver started: {} -> {}", auditTopic, target.description());
            }
        } catch (RuntimeException e) {
            started.values().forEach(s -> s.close(Duration.ofSeconds(10)));
            services.forEach(OrchestratorRuntime::closeQuietly);
            throw e;
        }
        return new OrchestratorRuntime(bootstrap, started, drains, config, services, observability);
    }

    /**
     * @throws ConfigurationException when {@code bootstrap.servers} is empty: the runtime needs a cluster
     */
    private static void requireCluster(OrchestratorConfig config) {
        if (config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG).isBlank()) {
            throw new ConfigurationException(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG + " is empty: the runtime connects to a "
                    + "cluster and starts no broker of its own; give the cluster's bootstrap servers, or start a broker in this JVM "
                    + "(orchestrator-broker's EmbeddedKafkaBroker) and give its bootstrapServers()");
        }
    }

    /** The name the archiver's Kafka Streams application is listed under in {@link #states()}. */
    public static final String ARCHIVER = "(archiver)";

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("could not close {}", closeable, e);
        }
    }

    /** The archiver's Kafka Streams properties: at_least_once is enough, the archive is idempotent by key. */
    private static Properties archiverProperties(String bootstrap, OrchestratorConfig config) {
        Properties props = streamsProperties("archiver", bootstrap, config);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000L);
        props.remove(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        props.remove(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
        props.remove(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG);
        props.remove(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG);
        return props;
    }

    /**
     * Resolves, before the flow starts, the schema ids of what it writes in Avro: envelopes to its results (and to
     * the routers' results it replies on, in their format), requests to the sub-flows and targets it feeds (in
     * theirs). A registry that is unreachable, refuses a schema or (without auto-registration) lacks one fails the
     * start, naming the subject; afterwards writing never waits for the registry.
     *
     * @throws ConfigurationException naming the subject and the registry
     */
    static void prepareWireFormats(FlowPlan plan, WireFormats wire) {
        for (String topic : plan.outputs()) {
            String flow = topic.substring(0, Math.max(0, topic.lastIndexOf('.')));
            if (topic.equals(TopicNames.results(flow))) {
                wire.of(flow).prepare(topic, true);
            } else if (topic.equals(TopicNames.requests(flow))) {
                wire.of(flow).prepare(topic, false);
            }
        }
    }

    /** {@code registry} with every flow's tools (its own, else the context's) wrapped in their configured limits. */
    static Registry withToolLimits(Registry registry, OrchestratorContext context, Map<String, ToolLimits> limits) {
        if (limits.isEmpty()) {
            return registry;
        }
        Set<String> known = new java.util.TreeSet<>(context.tools().names());
        registry.flows().forEach(flow -> flow.tools().ifPresent(tools -> known.addAll(tools.names())));
        for (String tool : limits.keySet()) {
            if (!known.contains(tool)) {
                throw new UnknownNameException("tool", tool, known);
            }
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tool-rate-limiter");
            thread.setDaemon(true);
            return thread;
        });
        Registry.Builder limited = Registry.newBuilder();
        Map<ToolContainer, ToolContainer> wrapped = new java.util.IdentityHashMap<>();
        for (Flow flow : registry.flows()) {
            ToolContainer tools = flow.tools().orElse(context.tools());
            limited.register(flow.withTools(wrapped.computeIfAbsent(tools, t -> limit(t, limits, scheduler))));
        }
        return limited.build();
    }

    private static ToolContainer limit(ToolContainer tools, Map<String, ToolLimits> limits, ScheduledExecutorService scheduler) {
        InMemoryToolContainer.Builder out = InMemoryToolContainer.newBuilder();
        for (String name : tools.names()) {
            Tool tool = tools.get(name);
            out.register(LimitedTool.wrap(tool, limits.getOrDefault(name, ToolLimits.NONE), scheduler));
            if (limits.containsKey(name)) {
                LOG.info("tool {} limited to {}", name, limits.get(name));
            }
        }
        return out.build();
    }

    private static List<String> selectFlows(Registry registry, OrchestratorConfig config) {
        List<String> wanted = config.getList(OrchestratorConfig.FLOWS_CONFIG);
        if (wanted.isEmpty()) {
            if (registry.names().isEmpty()) {
                throw new ConfigurationException("no flows are registered");
            }
            return List.copyOf(registry.names());
        }
        for (String flow : wanted) {
            if (!registry.contains(flow)) {
                throw new UnknownNameException("flow", flow, registry.names());
            }
        }
        return List.copyOf(wanted);
    }

    /** The Kafka Streams properties of one flow. */
    public static Properties streamsProperties(String flow, String bootstrap, OrchestratorConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG,
                TopicNames.applicationId(config.getString(OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG), flow));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(OrchestratorConfig.NUM_STREAM_THREADS_CONFIG));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(OrchestratorConfig.COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(OrchestratorConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
        props.put(StreamsConfig.POLL_MS_CONFIG, 10L);
        // No task waits for data on a partition it has not fetched yet: requests need no cross-partition timestamp
        // order, and with idling enabled Kafka Streams 4.4 formats a log line per empty partition every time it looks
        // at a task (6% of a lead_sync worker's CPU). Override with streams.max.task.idle.ms.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicNames.deadLetters(flow));
        props.put(OrchestratorConfig.FLOW_CONFIG, flow);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Kafka Streams' partition assignor reads its StreamsConfig from the main consumer's settings, which carry only
        // consumer keys: without this it warns at every start that the global handler setting is off (KIP-1033).
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDirectory().toString());
        props.putAll(ClientSecurity.of(config).clientProperties());
        props.putAll(config.streamsOverrides());
        return props;
    }

    /**
     * Creates the state directory of a flow's Kafka Streams instance when missing.
     *
     * @throws ConfigurationException naming the keys when it cannot be created
     */
    private static void createStateDirectory(OrchestratorConfig config) {
        Path dir = config.stateDirectory();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new ConfigurationException("cannot create the Kafka Streams state directory " + dir + " (" + e
                    + "); set " + OrchestratorConfig.DATA_DIR_CONFIG + " or " + OrchestratorConfig.STATE_DIR_CONFIG
                    + " to a writable directory", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The running flows' names. */
    public List<String> flows() {
        return flows.keySet().stream().filter(name -> !ARCHIVER.equals(name)).toList();
    }

    /** The Kafka Streams state of each flow. */
    public Map<String, KafkaStreams.State> states() {
        Map<String, KafkaStreams.State> states = new LinkedHashMap<>();
        flows.forEach((flow, streams) -> states.put(flow, streams.state()));
        return states;
    }

    /** The health of every flow (and the archiver), as {@code /health/live} and {@code /health/ready} report it. */
    public RuntimeHealth health() {
        return observability.health();
    }

    /** The port of the metrics and health endpoint ({@code orchestrator.metrics.port}), or -1 when it is off. */
    public int metricsPort() {
        return observability.port();
    }

    private static final Duration AWAIT_POLL = Duration.ofMillis(50);

    /**
     * Blocks until every flow is RUNNING, looking every 50 ms; {@code timeout} is measured on the context's clock.
     *
     * @throws IllegalStateException if a flow is not RUNNING within {@code timeout}, or stops while starting
     */
    public void awaitRunning(Duration timeout) {
        Clock clock = observability.context().clock();
        Instant deadline = clock.instant().plus(timeout);
        Sleeper sleeper = Sleeper.of(clock);
        while (flows.values().stream().anyMatch(s -> s.state() != KafkaStreams.State.RUNNING)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("flows not running after " + timeout.toMillis() + " ms: " + states());
            }
            if (flows.values().stream().anyMatch(s -> s.state() == KafkaStreams.State.ERROR
                    || s.state() == KafkaStreams.State.NOT_RUNNING)) {
                throw new IllegalStateException("a flow stopped while starting: " + states());
            }
            try {
                sleeper.sleep(AWAIT_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for flows to run", e);
            }
        }
    }

    /**
     * Stops every flow. In-flight runs first get up to
     * {@code orchestrator.shutdown.drain.ms} to finish, and their envelopes go out with the final commit;
     * requests not started or not finished by then stay pending and are resumed by the next owner.
     */
    @Override
    public void close() {
        Duration drainFor = Duration.ofMillis(config.getLong(OrchestratorConfig.SHUTDOWN_DRAIN_MS_CONFIG));
        drains.values().forEach(ShutdownDrain::begin);
        drains.forEach((flow, drain) -> {
            if (!drain.awaitIdle(drainFor)) {
                LOG.warn("flow {}: {} runs still in flight after draining {} ms; the next owner resumes them",
                        flow, drain.running(), drainFor.toMillis());
            }
        });
        Duration timeout = drainFor.plusSeconds(30);
        // Leaving the group lets another instance take the partitions at once instead of after the session
        // time-out; the price is one rebalance per instance during a rolling restart.
        CloseOptions leave = CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        flows.forEach((flow, streams) -> {
            if (!streams.close(leave)) {
                LOG.warn("flow {} did not stop within {} ms", flow, timeout.toMillis());
            }
        });
        services.forEach(OrchestratorRuntime::closeQuietly);
        observability.close();
    }
}
