package dev.orchestrators.core.runtime;

import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.queue.Job;
import dev.orchestrators.core.queue.JobQueue;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The control plane's entry point: turns incoming events into queued runs and owns the global
 * {@code allow_delivery} switch (off by default), which every {@link DeliveryOrchestrator} given this
 * manager as its {@link DeliveryGate} obeys. Thread-safe.
 */
public final class CampaignManager implements DeliveryGate {
    private final JobQueue queue;
    private final Clock clock;
    private final AtomicBoolean allowDelivery = new AtomicBoolean(false);

    public CampaignManager(JobQueue queue, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Enqueues a run of {@code flow} for {@code event} and returns its run id. A {@code run_id} in the
     * event is used as the run id (and removed from the payload); otherwise one is generated.
     */
    public String ingestEvent(String flow, Map<String, Object> event) {
        Objects.requireNonNull(flow, "flow");
        Object given = event.get("run_id");
        Map<String, Object> data = new java.util.LinkedHashMap<>(event);
        data.remove("run_id");
        Payload payload = new Payload(given == null ? Payload.newRunId() : given.toString(), data);
        queue.enqueue(new Job(flow, payload, clock.instant()));
        return payload.runId();
    }

    public void setAllowDelivery(boolean allowed) {
        allowDelivery.set(allowed);
    }

    @Override
    public boolean allowDelivery() {
        return allowDelivery.get();
    }
}
