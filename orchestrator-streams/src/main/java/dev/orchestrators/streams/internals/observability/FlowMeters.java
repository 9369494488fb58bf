package dev.orchestrators.streams.internals.observability;

import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.monitoring.SharedMeterState;
import dev.orchestrators.streams.internals.engine.DeadLetterHandler;
import dev.orchestrators.streams.internals.engine.RunEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToIntFunction;

/**
 * One flow's runtime meters, all tagged {@code flow}: envelopes written by status, dead letters by reason, and
 * gauges over the flow's engines in this instance (runs in flight, requests pending, retries parked, requests
 * held). The engines register themselves while they own a task; a gauge reads their sizes without locking, so it
 * may lag the stream thread by a moment. Meters are registered once per flow, so counting is an increment.
 * Thread-safe.
 */
public final class FlowMeters {
    /**
     * The Kafka Streams property under which the runtime hands a flow's meters to its {@link DeadLetterHandler}
     * (which Kafka Streams creates from its class name).
     */
    public static final String CONFIG = "orchestrator.internal.flow.meters";
    static final String ENVELOPES = "orchestrator.envelopes";
    static final String DEAD_LETTERS = "orchestrator.dead.letters";
    static final String RUNS_IN_FLIGHT = "orchestrator.runs.in.flight";
    static final String REQUESTS_PENDING = "orchestrator.requests.pending";
    static final String RETRIES_PARKED = "orchestrator.retries.parked";
    static final String REQUESTS_HELD = "orchestrator.requests.held";

    /** Why a record went to the dead-letter topic (the {@code reason} tag, in lower case). */
    public enum DeadLetterReason {
        /** The request could not be read (not JSON, not a request, over the size or nesting limits). */
        UNREADABLE,
        /** The request was refused before it was admitted (key, headers or run id over a limit), or a processor failed on it. */
        REFUSED,
        /** The run could not be answered (an orchestrator that broke its contract, an answer over a limit). */
        UNANSWERED,
        /** The producer rejected an output (too large, invalid); its key and headers were dead-lettered instead. */
        OUTPUT_REJECTED
    }

    private static final FlowMeters NONE = new FlowMeters(null, "", ConcurrentHashMap.newKeySet());

    private final MeterRegistry registry;
    private final String flow;
    private final Set<RunEngine> engines;
    private final Counter[] deadLetters = new Counter[DeadLetterReason.values().length];
    private final AtomicReferenceArray<Counter> envelopes = new AtomicReferenceArray<>(RunStatus.values().length);

    private FlowMeters(MeterRegistry registry, String flow, Set<RunEngine> engines) {
        this.registry = registry;
        this.flow = flow;
        this.engines = engines;
        if (registry != null) {
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                deadLetters[reason.ordinal()] = Counter.builder(DEAD_LETTERS)
                        .description("records sent to the flow's dead-letter topic, by reason")
                        .tags("flow", flow, "reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
    }

    /** The meters of {@code flow} in {@code registry}; every runtime of the flow on that registry shares its gauges. */
    public static FlowMeters of(MeterRegistry registry, String flow) {
        Set<RunEngine> engines = SharedMeterState.computeIfAbsent(registry, RUNS_IN_FLIGHT + ":" + flow, r -> {
            Set<RunEngine> live = ConcurrentHashMap.newKeySet();
            gauge(r, RUNS_IN_FLIGHT, "runs started and not yet finished (compensations included)", flow, live, RunEngine::runningCount);
            gauge(r, REQUESTS_PENDING, "requests admitted and not yet answered: waiting, running, parked or held", flow, live,
                    RunEngine::pendingCount);
            gauge(r, RETRIES_PARKED, "runs parked in the pending store until a long retry back-off has passed", flow, live,
                    RunEngine::parkedCount);
            gauge(r, REQUESTS_HELD, "requests whose run has finished, held until something else answers them (a saga compensating)",
                    flow, live, RunEngine::heldCount);
            return live;
        });
        return new FlowMeters(registry, flow, engines);
    }

    /** Records nothing. */
    public static FlowMeters none() {
        return NONE;
    }

    private static void gauge(MeterRegistry registry, String name, String description, String flow, Set<RunEngine> engines,
                              ToIntFunction<RunEngine> size) {
        Gauge.builder(name, engines, live -> live.stream().mapToInt(size).sum())
                .description(description).tag("flow", flow).strongReference(true).register(registry);
    }

    public void register(RunEngine engine) {
        if (registry != null) {
            engines.add(engine);
        }
    }

    public void unregister(RunEngine engine) {
        engines.remove(engine);
    }

    /** An envelope of {@code status} was written to the flow's results. */
    public void answered(RunStatus status) {
        if (registry == null) {
            return;
        }
        Counter counter = envelopes.get(status.ordinal());
        if (counter == null) {
            counter = Counter.builder(ENVELOPES).description("envelopes written to the flow's results, by status")
                    .tags("flow", flow, "status", status.name()).register(registry);
            envelopes.set(status.ordinal(), counter);
        }
        counter.increment();
    }

    /** A record went to the flow's dead-letter topic. */
    public void deadLettered(DeadLetterReason reason) {
        if (registry != null) {
            deadLetters[reason.ordinal()].increment();
        }
    }
}
