package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.envelope.StepRun.StepStatus;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.monitoring.SharedMeterState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters every orchestrator records in its context's {@link MeterRegistry} (see {@code docs/observability.md}):
 * runs, failed runs by failure class, steps, tool calls (time, outcome, calls in flight) and retries. Tags are
 * names given in code (flow, orchestrator, step, tool) and enum values; never a run id or payload data.
 *
 * <p>Each meter is registered once and kept here, per flow and orchestrator, per step or per tool, so recording
 * costs a map lookup and an increment, never a registry lookup. Durations are taken on the registry's clock
 * (a {@code MockClock} in tests). Without a registry nothing is recorded. Thread-safe.
 */
final class OrchestratorMeters {
    static final String RUNS = "orchestrator.runs";
    static final String FAILURES = "orchestrator.failures";
    static final String STEPS = "orchestrator.steps";
    static final String TOOL_CALLS = "orchestrator.tool.calls";
    static final String TOOL_CALLS_IN_FLIGHT = "orchestrator.tool.calls.in.flight";
    static final String TOOL_RETRIES = "orchestrator.tool.retries";

    /** Records nothing. */
    static final OrchestratorMeters NONE = new OrchestratorMeters(null);

    private final MeterRegistry registry;
    private final Map<String, Map<String, RunMeter>> runs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, StepMeter>> steps = new ConcurrentHashMap<>();
    private final Map<String, ToolMeter> tools = new ConcurrentHashMap<>();

    private OrchestratorMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    static OrchestratorMeters of(MeterRegistry registry) {
        return registry == null ? NONE : new OrchestratorMeters(registry);
    }

    /** The registry, or {@code null}. */
    MeterRegistry registry() {
        return registry;
    }

    /** Now, on the registry's monotonic clock, in nanoseconds (0 without a registry). */
    long now() {
        return registry == null ? 0L : registry.config().clock().monotonicTime();
    }

    RunMeter run(String flow, String orchestrator) {
        if (registry == null) {
            return RunMeter.NONE;
        }
        Map<String, RunMeter> ofFlow = runs.get(flow);
        RunMeter meter = ofFlow == null ? null : ofFlow.get(orchestrator);
        return meter != null ? meter : runs.computeIfAbsent(flow, f -> new ConcurrentHashMap<>())
                .computeIfAbsent(orchestrator, o -> new RunMeter(this, flow, o));
    }

    StepMeter step(String orchestrator, String step) {
        if (registry == null) {
            return StepMeter.NONE;
        }
        Map<String, StepMeter> ofOrchestrator = steps.get(orchestrator);
        StepMeter meter = ofOrchestrator == null ? null : ofOrchestrator.get(step);
        return meter != null ? meter : steps.computeIfAbsent(orchestrator, o -> new ConcurrentHashMap<>())
                .computeIfAbsent(step, s -> new StepMeter(this, orchestrator, s));
    }

    ToolMeter tool(String tool) {
        if (registry == null) {
            return ToolMeter.NONE;
        }
        ToolMeter meter = tools.get(tool);
        return meter != null ? meter : tools.computeIfAbsent(tool, t -> new ToolMeter(this, t));
    }

    private static String tagValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The runs of one orchestrator in one flow: {@value #RUNS} by status, {@value #FAILURES} by class and type. */
    static final class RunMeter {
        static final RunMeter NONE = new RunMeter(null, "", "");
        private final OrchestratorMeters meters;
        private final String flow;
        private final String orchestrator;
        private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(RunStatus.values().length);
        private final Map<String, Counter> failures = new ConcurrentHashMap<>();

        private RunMeter(OrchestratorMeters meters, String flow, String orchestrator) {
            this.meters = meters;
            this.flow = flow;
            this.orchestrator = orchestrator;
        }

        /** A run that started at {@code startedAt} ({@link #now()}) ended with an envelope of {@code status}. */
        void ended(RunStatus status, long startedAt) {
            if (meters == null) {
                return;
            }
            Timer timer = byStatus.get(status.ordinal());
            if (timer == null) {
                timer = Timer.builder(RUNS).description("runs that ended with an envelope, by status")
                        .tags("flow", flow, "orchestrator", orchestrator, "status", status.name())
                        .register(meters.registry);
                byStatus.set(status.ordinal(), timer);
            }
            timer.record(meters.now() - startedAt, TimeUnit.NANOSECONDS);
        }

        /** A run failed: {@code failureClass} and the failure's {@code type} (a name given in code). */
        void failed(FailureClass failureClass, String type) {
            if (meters == null) {
                return;
            }
            failures.computeIfAbsent(failureClass.name() + '/' + type, key -> Counter.builder(FAILURES)
                    .description("runs that failed, by failure class and error type")
                    .tags("flow", flow, "orchestrator", orchestrator, "failure_class", tagValue(failureClass), "error_type", type)
                    .register(meters.registry)).increment();
        }
    }

    /** The runs of one step of one orchestrator: {@value #STEPS} by status. */
    static final class StepMeter {
        static final StepMeter NONE = new StepMeter(null, "", "");
        private final OrchestratorMeters meters;
        private final String orchestrator;
        private final String step;
        private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(StepStatus.values().length);

        private StepMeter(OrchestratorMeters meters, String orchestrator, String step) {
            this.meters = meters;
            this.orchestrator = orchestrator;
            this.step = step;
        }

        void ended(StepStatus status, long startedAt) {
            if (meters == null) {
                return;
            }
            Timer timer = byStatus.get(status.ordinal());
            if (timer == null) {
                timer = Timer.builder(STEPS).description("steps that ended, by status")
                        .tags("orchestrator", orchestrator, "step", step, "status", status.name())
                        .register(meters.registry);
                byStatus.set(status.ordinal(), timer);
            }
            timer.record(meters.now() - startedAt, TimeUnit.NANOSECONDS);
        }
    }

    /** The calls of one tool: {@value #TOOL_CALLS} by outcome, {@value #TOOL_CALLS_IN_FLIGHT}, {@value #TOOL_RETRIES}. */
    static final class ToolMeter {
        /** The outcome tag of a call that answered. */
        static final String OK = "ok";
        private static final String[] OUTCOMES = {OK, tagValue(FailureClass.TRANSIENT), tagValue(FailureClass.PERMANENT)};
        static final ToolMeter NONE = new ToolMeter(null, "");
        private final OrchestratorMeters meters;
        private final String tool;
        private final AtomicInteger inFlight;
        private final AtomicReferenceArray<Timer> byOutcome = new AtomicReferenceArray<>(OUTCOMES.length);
        private final AtomicReferenceArray<Counter> retries = new AtomicReferenceArray<>(2);

        private ToolMeter(OrchestratorMeters meters, String tool) {
            this.meters = meters;
            this.tool = tool;
            this.inFlight = meters == null ? new AtomicInteger()
                    : SharedMeterState.computeIfAbsent(meters.registry, TOOL_CALLS_IN_FLIGHT + ":" + tool, registry -> {
                        AtomicInteger calls = new AtomicInteger();
                        Gauge.builder(TOOL_CALLS_IN_FLIGHT, calls, AtomicInteger::get)
                                .description("tool calls started and not yet answered").tag("tool", tool)
                                .strongReference(true).register(registry);
                        return calls;
                    });
        }

        /** A call starts; returns its start time, to hand to {@link #ended}. */
        long started() {
            if (meters == null) {
                return 0L;
            }
            inFlight.incrementAndGet();
            return meters.now();
        }

        /** A call that started at {@code startedAt} answered ({@code failureClass == null}) or failed. */
        void ended(FailureClass failureClass, long startedAt) {
            if (meters == null) {
                return;
            }
            inFlight.decrementAndGet();
            int outcome = failureClass == null ? 0 : 1 + failureClass.ordinal();
            Timer timer = byOutcome.get(outcome);
            if (timer == null) {
                timer = Timer.builder(TOOL_CALLS).description("tool call attempts, by outcome (ok, transient, permanent)")
                        .tags("tool", tool, "outcome", OUTCOMES[outcome]).register(meters.registry);
                byOutcome.set(outcome, timer);
            }
            timer.record(meters.now() - startedAt, TimeUnit.NANOSECONDS);
        }

        /** A transient failure is retried: after a back-off in memory, or ({@code parked}) by the runtime, later. */
        void retried(boolean parked) {
            if (meters == null) {
                return;
            }
            int index = parked ? 1 : 0;
            Counter counter = retries.get(index);
            if (counter == null) {
                counter = Counter.builder(TOOL_RETRIES).description("retries of tool calls after a transient failure, by back-off")
                        .tags("tool", tool, "backoff", parked ? "parked" : "in_memory").register(meters.registry);
                retries.set(index, counter);
            }
            counter.increment();
        }
    }
}
