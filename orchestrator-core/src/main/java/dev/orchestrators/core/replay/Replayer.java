package dev.orchestrators.core.replay;

import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.flow.Flow;
import dev.orchestrators.core.monitoring.Monitoring;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.ExecutionOptions;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.runtime.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Re-runs recorded requests with the flows as they are now, in process, and compares each new envelope with the
 * audited one. Nothing a replay does reaches the world or the runtime: side-effecting tools are answered from the
 * recording ({@link ReplayTools}), side effects are claimed in a ledger of its own ({@link ReplayLedger}), jobs are
 * never scheduled ({@link ReplayJobs}), audit entries stay in memory, and back-offs do not wait. READ tools are
 * called for real, so a difference can also mean the data changed. Thread-safe.
 */
public final class Replayer {
    private final Registry registry;
    private final OrchestratorContext context;
    private final Map<String, Recording> recordings;
    private final Duration runTimeout;
    private final Map<String, Orchestrator> orchestrators = new ConcurrentHashMap<>();
    private final Map<String, List<String>> unrecorded = new ConcurrentHashMap<>();

    /**
     * @param registry      the flows, as they are now (their own tools are wrapped for the replay)
     * @param base          services for flows without tools of their own (its tools are wrapped too)
     * @param recordings    what the audit recorded, by run id ({@link Recording#of})
     * @param allowDelivery the delivery gate, as the recorded runs had it ({@code orchestrator.allow.delivery})
     * @param runTimeout    how long one replayed run may take (READ tools are real and may hang)
     */
    public Replayer(Registry registry, OrchestratorContext base, Map<String, Recording> recordings, boolean allowDelivery,
                    Duration runTimeout) {
        this.recordings = Map.copyOf(recordings);
        this.runTimeout = Objects.requireNonNull(runTimeout, "runTimeout");
        ReplayTools.UnrecordedCalls report = (runId, tool, key) ->
                unrecorded.computeIfAbsent(runId, r -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(tool + " " + (key == null ? "(no idempotency_key)" : key));
        Registry.Builder flows = Registry.newBuilder();
        for (Flow flow : registry.flows()) {
            flows.register(flow.tools().map(own -> flow.withTools(new ReplayTools(own, this::recordingOf, report))).orElse(flow));
        }
        this.registry = flows.build();
        this.context = base.toBuilder()
                .tools(new ReplayTools(base.tools(), this::recordingOf, report))
                .auditStore(new InMemoryAuditStore())
                .monitoring(Monitoring.noop())
                .sideEffects(new ReplayLedger(this::recordingOf))
                .jobs(new ReplayJobs(this::recordingOf))
                .deliveryGate(allowDelivery ? DeliveryGate.open() : DeliveryGate.closed())
                .delays(backOff -> CompletableFuture.completedFuture(null))
                .subFlows(this::orchestratorOf)
                .build();
    }

    private Recording recordingOf(String runId) {
        return recordings.getOrDefault(runId, Recording.empty(runId));
    }

    private Optional<Orchestrator> orchestratorOf(String flow) {
        return registry.contains(flow) ? Optional.of(orchestrators.computeIfAbsent(flow, f -> registry.create(f, context)))
                : Optional.empty();
    }

    /**
     * Replays run {@code runId} of {@code flow} with {@code payload} (the request's payload, as recorded on its topic).
     *
     * @throws dev.orchestrators.core.errors.UnknownNameException when {@code flow} is not registered
     * @throws TimeoutException when the run takes longer than the run time-out
     */
    public ReplayResult replay(String flow, String runId, Map<String, Object> payload) throws TimeoutException, InterruptedException {
        Orchestrator orchestrator = orchestratorOf(flow).orElseThrow(() ->
                new dev.orchestrators.core.errors.UnknownNameException("flow", flow, registry.names()));
        unrecorded.remove(runId);
        Envelope replayed;
        try {
            replayed = orchestrator.execute(new Payload(runId, payload), ExecutionOptions.forFlow(flow))
                    .toCompletableFuture().get(runTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // An orchestrator answers every run with an envelope; one that fails instead broke its contract.
            throw new IllegalStateException("flow " + flow + " failed run " + runId + " instead of answering it", e.getCause());
        }
        Optional<Envelope> recorded = recordingOf(runId).envelope();
        List<EnvelopeDiff.Difference> differences = recorded.map(r -> EnvelopeDiff.between(r, replayed)).orElse(List.of());
        return new ReplayResult(runId, flow, recorded, replayed, differences, unrecorded.getOrDefault(runId, List.of()));
    }
}
