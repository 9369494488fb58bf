package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.audit.AuditStore;
import dev.orchestrators.core.audit.InMemoryAuditStore;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.ledger.InMemorySideEffectLedger;
import dev.orchestrators.core.ledger.SideEffectLedger;
import dev.orchestrators.core.monitoring.Monitoring;
import dev.orchestrators.core.queue.JobQueue;
import dev.orchestrators.core.queue.JobScheduler;
import dev.orchestrators.core.retry.DelayScheduler;
import dev.orchestrators.core.time.ManualTime;
import dev.orchestrators.core.time.Timer;
import dev.orchestrators.core.tool.InMemoryToolContainer;
import dev.orchestrators.core.tool.ToolContainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What an orchestrator is given when it is created: its tools and the shared services (audit,
 * monitoring, meters, tracing, time, delivery gate, side-effect ledger). Immutable; build with {@link #newBuilder()}. Every service has a
 * safe default; tests inject fakes ({@code InMemoryAuditStore}, {@code RecordingMonitoring}, a fixed
 * {@link Clock}, an immediate {@link DelayScheduler}, a {@code SimpleMeterRegistry}, an OpenTelemetry SDK with an
 * in-memory exporter).
 */
public final class OrchestratorContext {
    private final ToolContainer tools;
    private final AuditStore auditStore;
    private final Monitoring monitoring;
    private final Clock clock;
    private final DelayScheduler delays;
    private final Timer timer;
    private final FailureClassifier classifier;
    private final DeliveryGate deliveryGate;
    private final SideEffectLedger sideEffects;
    private final JobQueue queue;
    private final JobScheduler jobs;
    private final SubFlows subFlows;
    private final DoubleSupplier random;
    private final OrchestratorMeters meters;
    private final OpenTelemetry openTelemetry;
    private final RunTracing tracing;

    private OrchestratorContext(Builder b) {
        this.tools = b.tools;
        this.auditStore = b.auditStore;
        this.monitoring = b.monitoring;
        this.clock = b.clock;
        this.delays = b.delays;
        this.timer = b.timer;
        this.classifier = b.classifier;
        this.deliveryGate = b.deliveryGate;
        this.sideEffects = b.sideEffects;
        this.queue = b.queue;
        this.jobs = b.jobs;
        this.subFlows = b.subFlows;
        this.random = b.random;
        this.meters = b.meters;
        this.openTelemetry = b.openTelemetry;
        this.tracing = b.tracing;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder starting from this context's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tools = tools;
        b.auditStore = auditStore;
        b.monitoring = monitoring;
        b.clock = clock;
        b.delays = delays;
        b.timer = timer;
        b.classifier = classifier;
        b.deliveryGate = deliveryGate;
        b.sideEffects = sideEffects;
        b.queue = queue;
        b.jobs = jobs;
        b.subFlows = subFlows;
        b.random = random;
        b.meters = meters; // shared, so every task's context records into the same cached meters
        b.openTelemetry = openTelemetry;
        b.tracing = tracing;
        return b;
    }

    public ToolContainer tools() {
        return tools;
    }

    public AuditStore auditStore() {
        return auditStore;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    public Clock clock() {
        return clock;
    }

    public DelayScheduler delays() {
        return delays;
    }

    /** Times tool calls out; follows the same clock as {@link #delays()}. */
    public Timer timer() {
        return timer;
    }

    public FailureClassifier classifier() {
        return classifier;
    }

    public DeliveryGate deliveryGate() {
        return deliveryGate;
    }

    /** Where deliveries, executors and compensators record the side effects they performed. */
    public SideEffectLedger sideEffects() {
        return sideEffects;
    }

    /** The queue {@code runAsync} enqueues on, if one was given. */
    public Optional<JobQueue> queue() {
        return Optional.ofNullable(queue);
    }

    /** Where schedulers put the follow-up jobs they plan. */
    public JobScheduler jobs() {
        return jobs;
    }

    /** Other flows' orchestrators, for kinds that delegate to sub-flows in process. */
    public SubFlows subFlows() {
        return subFlows;
    }

    /** Source of uniform values in [0, 1) for retry jitter. */
    public DoubleSupplier random() {
        return random;
    }

    /** Where the orchestrators' meters go (runs, steps, tool calls, retries, failures), if a registry was given. */
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(meters.registry());
    }

    /** What run and step spans are recorded through; {@link OpenTelemetry#noop()} unless one was given. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    OrchestratorMeters meters() {
        return meters;
    }

    RunTracing tracing() {
        return tracing;
    }

    /**
     * Builder. Defaults: no tools, in-memory audit, no monitoring, no meters, no tracing (the no-op OpenTelemetry),
     * system clock and delays, delivery closed.
     */
    public static final class Builder {
        private ToolContainer tools = InMemoryToolContainer.newBuilder().build();
        private AuditStore auditStore = new InMemoryAuditStore();
        private Monitoring monitoring = Monitoring.noop();
        private Clock clock = Clock.systemUTC();
        private DelayScheduler delays = DelayScheduler.system();
        private Timer timer = Timer.system();
        private FailureClassifier classifier = FailureClassifier.ofDefaults();
        private DeliveryGate deliveryGate = DeliveryGate.closed();
        private SideEffectLedger sideEffects = new InMemorySideEffectLedger();
        private JobQueue queue;
        private JobScheduler jobs = JobScheduler.unavailable();
        private SubFlows subFlows = SubFlows.none();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private OrchestratorMeters meters = OrchestratorMeters.NONE;
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();
        private RunTracing tracing = RunTracing.NONE;

        private Builder() {
        }

        public Builder tools(ToolContainer value) {
            this.tools = Objects.requireNonNull(value, "tools");
            return this;
        }

        public Builder auditStore(AuditStore value) {
            this.auditStore = Objects.requireNonNull(value, "auditStore");
            return this;
        }

        public Builder monitoring(Monitoring value) {
            this.monitoring = Objects.requireNonNull(value, "monitoring");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder delays(DelayScheduler value) {
            this.delays = Objects.requireNonNull(value, "delays");
            return this;
        }

        public Builder timer(Timer value) {
            this.timer = Objects.requireNonNull(value, "timer");
            return this;
        }

        /** Clock, time-outs and back-offs all on {@code time}, which a test advances. */
        public Builder time(ManualTime time) {
            return clock(time).timer(time).delays(time);
        }

        public Builder classifier(FailureClassifier value) {
            this.classifier = Objects.requireNonNull(value, "classifier");
            return this;
        }

        public Builder deliveryGate(DeliveryGate value) {
            this.deliveryGate = Objects.requireNonNull(value, "deliveryGate");
            return this;
        }

        public Builder sideEffects(SideEffectLedger value) {
            this.sideEffects = Objects.requireNonNull(value, "sideEffects");
            return this;
        }

        public Builder queue(JobQueue value) {
            this.queue = Objects.requireNonNull(value, "queue");
            return this;
        }

        public Builder jobs(JobScheduler value) {
            this.jobs = Objects.requireNonNull(value, "jobs");
            return this;
        }

        public Builder subFlows(SubFlows value) {
            this.subFlows = Objects.requireNonNull(value, "subFlows");
            return this;
        }

        public Builder random(DoubleSupplier value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * Records the orchestrators' meters in {@code value} (see {@code docs/observability.md}). Contexts derived
         * with {@link OrchestratorContext#toBuilder()} share the meters; give the same registry to other contexts freely.
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meters = OrchestratorMeters.of(Objects.requireNonNull(value, "meterRegistry"));
            return this;
        }

        /**
         * Records a span per run and per step through {@code value}, and passes the trace on to tool calls. With
         * only the OpenTelemetry API on the class path (or {@link OpenTelemetry#noop()}) this records nothing.
         */
        public Builder openTelemetry(OpenTelemetry value) {
            this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
            this.tracing = RunTracing.of(value);
            return this;
        }

        public OrchestratorContext build() {
            return new OrchestratorContext(this);
        }
    }
}
