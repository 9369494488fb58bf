package dev.orchestrators.streams.internals.engine;

import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.kinds.sampler.TelemetryTap;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.internals.observability.FlowMeters;
import dev.orchestrators.streams.serde.WireFormat;
import dev.orchestrators.streams.serde.WireFormats;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a flow's topology needs, computed once per flow by the runtime (or the test driver). Immutable.
 *
 * @param flow             the flow
 * @param context          the runtime's services (tools, clock, timer, monitoring); each task adds its own
 *                         audit collector, side-effect ledger and job scheduler
 * @param engine           the asynchronous engine's settings
 * @param drain            the flow's shutdown drain, shared by its tasks in this instance
 * @param auditTopic       the compacted audit topic
 * @param replyTopics      result topics of routers that route to this flow: a {@code reply_to} header naming
 *                         one of them is honoured, any other is ignored
 * @param ledgerRetention  how long recorded side effects are remembered
 * @param schedulerTick    how often a scheduler's job store looks for due jobs
 * @param telemetry        where answered envelopes are offered for sampling; {@code null}: no sampling
 * @param limits           what a request and an answer may contain
 * @param wire             the wire format of this flow and of every flow it writes to
 * @param meters           the flow's runtime meters (envelopes, dead letters, engine gauges)
 */
public record FlowSpec(Flow flow, OrchestratorContext context, RunEngine.EngineSettings engine, ShutdownDrain drain,
                       String auditTopic, Set<String> replyTopics, Duration ledgerRetention, Duration schedulerTick,
                       TelemetryTap telemetry, RequestLimits limits, WireFormats wire, FlowMeters meters) {

    public FlowSpec {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(auditTopic, "auditTopic");
        replyTopics = Set.copyOf(replyTopics);
        Objects.requireNonNull(ledgerRetention, "ledgerRetention");
        Objects.requireNonNull(schedulerTick, "schedulerTick");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(meters, "meters");
    }

    /** The spec of the flow of {@code plan}, with its settings from {@code config}. */
    public static FlowSpec of(FlowPlan plan, OrchestratorContext context, OrchestratorConfig config, ShutdownDrain drain,
                              TelemetryTap telemetry, WireFormats wire, FlowMeters meters) {
        return new FlowSpec(plan.flow(), context, engineSettings(config), drain,
                config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG), plan.replyTopics(),
                Duration.ofMillis(config.getLong(OrchestratorConfig.LEDGER_RETENTION_MS_CONFIG)),
                Duration.ofMillis(config.getLong(OrchestratorConfig.SCHEDULER_TICK_MS_CONFIG)), telemetry, config.limits(), wire,
                meters);
    }

    /** The run engine's settings from the flow's configuration. */
    public static RunEngine.EngineSettings engineSettings(OrchestratorConfig config) {
        return new RunEngine.EngineSettings(
                config.getInt(OrchestratorConfig.MAX_IN_FLIGHT_CONFIG),
                Duration.ofMillis(config.getLong(OrchestratorConfig.MAX_IN_MEMORY_BACKOFF_MS_CONFIG)),
                Duration.ofMillis(config.getLong(OrchestratorConfig.BACKPRESSURE_MAX_WAIT_MS_CONFIG)),
                Duration.ofMillis(config.getLong(OrchestratorConfig.SHUTDOWN_DRAIN_MS_CONFIG)),
                Duration.ofMillis(config.getLong(OrchestratorConfig.COMPLETION_INTERVAL_MS_CONFIG)));
    }

    /** This flow's wire format. */
    public WireFormat format() {
        return wire.of(name());
    }

    public String name() {
        return flow.name();
    }

    public String requests() {
        return TopicNames.requests(name());
    }

    public String results() {
        return TopicNames.results(name());
    }

    public String deadLetters() {
        return TopicNames.deadLetters(name());
    }

    /** The store of requests admitted and not yet answered (its changelog is {@code <application.id>-<store>-changelog}). */
    public static String pendingStore(String flow) {
        return flow + "-pending";
    }

    /** The store of side effects performed, by run. */
    public static String ledgerStore(String flow) {
        return flow + "-ledger";
    }
}
