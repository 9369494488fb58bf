package dev.orchestrators.tools;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.IndeterminateOutcomeException;
import dev.orchestrators.core.errors.OrchestratorException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters of one adapter, tagged with its tool name and type (never a payload value):
 * <ul>
 *   <li>{@value #CALLS} (timer): calls to the client, by {@code outcome} ({@code ok}, {@code transient},
 *       {@code permanent}, {@code indeterminate}) and {@code error_type};</li>
 *   <li>{@value #IN_USE}, {@value #WAITING}, {@value #SIZE} (gauges): the resource the calls run on;</li>
 *   <li>{@value #SATURATED} (counter): calls refused because the resource and its queue were full.</li>
 * </ul>
 * By default they go to Micrometer's global registry, which the runtime's {@code /metrics} endpoint serves (it adds
 * its Prometheus registry there). Thread-safe.
 */
public final class AdapterMeters {
    public static final String CALLS = "orchestrator.tool.adapter.calls";
    public static final String IN_USE = "orchestrator.tool.adapter.pool.in.use";
    public static final String WAITING = "orchestrator.tool.adapter.pool.waiting";
    public static final String SIZE = "orchestrator.tool.adapter.pool.size";
    public static final String SATURATED = "orchestrator.tool.adapter.saturated";

    private final MeterRegistry registry;
    private final String tool;
    private final String type;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter saturated;
    private final java.util.List<Gauge> gauges = new java.util.ArrayList<>();

    private AdapterMeters(MeterRegistry registry, String tool, String type) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tool = Objects.requireNonNull(tool, "tool");
        this.type = Objects.requireNonNull(type, "type");
        this.saturated = Counter.builder(SATURATED).description("tool calls refused because the adapter's resource was full")
                .tags("tool", tool, "type", type).register(registry);
    }

    /** Meters of tool {@code tool} of adapter type {@code type} in {@code registry}. */
    public static AdapterMeters of(MeterRegistry registry, String tool, String type) {
        return new AdapterMeters(registry, tool, type);
    }

    /** Meters in Micrometer's global registry. */
    public static AdapterMeters global(String tool, String type) {
        return of(Metrics.globalRegistry, tool, type);
    }

    /**
     * Registers the gauges of the resource calls run on (replacing those of a closed adapter of the same name, whose
     * gauges {@link #removePool()} took away).
     */
    public synchronized void pool(IntSupplier inUse, IntSupplier waiting, int size) {
        removePool();
        gauges.add(Gauge.builder(IN_USE, inUse, IntSupplier::getAsInt).description("adapter calls running on its resource")
                .tags("tool", tool, "type", type).strongReference(true).register(registry));
        gauges.add(Gauge.builder(WAITING, waiting, IntSupplier::getAsInt).description("adapter calls waiting for its resource")
                .tags("tool", tool, "type", type).strongReference(true).register(registry));
        gauges.add(Gauge.builder(SIZE, () -> size).description("the size of the adapter's resource (threads, connections)")
                .tags("tool", tool, "type", type).strongReference(true).register(registry));
    }

    /**
     * Removes the pool's gauges from the registry (when the adapter closes), so that a tool made again under the same
     * name reports its own pool, not the closed one's.
     */
    public synchronized void removePool() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    /** A call was refused for saturation. */
    public void saturated() {
        saturated.increment();
    }

    /** Now, on the registry's clock, to hand to {@link #record}. */
    public long start() {
        return registry.config().clock().monotonicTime();
    }

    /** A call that started at {@code startedAt} answered ({@code failure == null}) or failed with {@code failure}. */
    public void record(long startedAt, Throwable failure) {
        String outcome;
        String errorType;
        if (failure == null) {
            outcome = "ok";
            errorType = "none";
        } else if (failure instanceof IndeterminateOutcomeException) {
            outcome = "indeterminate";
            errorType = IndeterminateOutcomeException.TYPE;
        } else if (failure instanceof OrchestratorException oe) {
            outcome = oe.failureClass() == FailureClass.TRANSIENT ? "transient" : "permanent";
            errorType = oe.type();
        } else {
            outcome = "transient";
            errorType = failure.getClass().getSimpleName();
        }
        timers.computeIfAbsent(outcome + "|" + errorType, k -> Timer.builder(CALLS)
                        .description("calls the adapter made to its system, by outcome and error type")
                        .tags("tool", tool, "type", type, "outcome", outcome, "error_type", errorType).register(registry))
                .record(registry.config().clock().monotonicTime() - startedAt, TimeUnit.NANOSECONDS);
    }
}
