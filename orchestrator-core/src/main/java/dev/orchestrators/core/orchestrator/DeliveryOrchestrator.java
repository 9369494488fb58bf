package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivers records through a SEND tool, safely:
 * <ul>
 *   <li><b>Gated</b>: when the {@link DeliveryGate} ({@code allow_delivery}) is off nothing is sent, the
 *       records pass through unchanged and the run ends DISABLED with the reason.</li>
 *   <li><b>Idempotent</b>: each record's delivery key is {@code <run_id>:<record key>}. The
 *       {@link DeliveryLedger} is claimed before sending, so a repeated attempt of the same run does not
 *       send twice; the key is also passed to the tool as {@code delivery_key}, for the receiving
 *       system's own de-duplication.</li>
 *   <li><b>Recorded</b>: every outcome ({@code sent}, {@code duplicate}, {@code disabled}) is appended to
 *       the audit store as a DELIVERY entry.</li>
 * </ul>
 * The tool must answer with a {@code delivery_id}; each delivered record gets that field and a
 * {@code delivered} provenance entry. Thread-safe.
 */
public final class DeliveryOrchestrator extends BaseOrchestrator implements Step {
    /** Why a DISABLED envelope sent nothing. */
    public static final String DISABLED_REASON = "delivery disabled: allow_delivery is off, nothing was sent";

    private final String tool;

    private DeliveryOrchestrator(Builder b, OrchestratorContext context) {
        super(b.name, new OrchestratorSettings(Set.copyOf(b.capabilities), b.retryPolicy, b.toolTimeout), context);
        this.tool = b.tool;
    }

    public static Builder newBuilder(String tool) {
        return new Builder(tool);
    }

    /** The idempotency key of delivering {@code recordKey} in run {@code runId}. */
    public static String deliveryKey(String runId, String recordKey) {
        return runId + ":" + recordKey;
    }

    @Override
    public void validatePayload(Payload payload) {
        super.validatePayload(payload);
        PayloadRecords.validate(payload);
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return StepRunner.run(run, this, this, PayloadRecords.read(run, name()));
    }

    @Override
    public CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        StepContext context = outer.asOrchestrator(name(), settings());
        if (!context.services().deliveryGate().allowDelivery()) {
            List<EnvelopeRecord> untouched = new ArrayList<>(input.size());
            for (EnvelopeRecord record : input) {
                audit(context, record, "disabled", null);
                untouched.add(record.withProvenance(context.provenance(tool, "delivery_disabled", 1)));
            }
            return CompletableFuture.completedFuture(StepOutcome.halt(untouched, RunStatus.DISABLED, DISABLED_REASON));
        }
        List<CompletableFuture<EnvelopeRecord>> delivered = new ArrayList<>(input.size());
        for (EnvelopeRecord record : input) {
            delivered.add(deliver(context, record).toCompletableFuture());
        }
        return CompletableFuture.allOf(delivered.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> StepOutcome.proceed(delivered.stream().map(CompletableFuture::join).toList()));
    }

    private CompletionStage<EnvelopeRecord> deliver(StepContext context, EnvelopeRecord record) {
        String key = deliveryKey(context.runId(), record.key());
        DeliveryLedger ledger = context.services().deliveryLedger();
        Optional<String> earlier = ledger.claim(key);
        if (earlier.isPresent() && earlier.get().equals(DeliveryLedger.IN_FLIGHT)) {
            return CompletableFuture.failedFuture(new dev.orchestrators.core.errors.TransientException("DeliveryInFlight",
                    "another attempt is delivering " + key + " right now; retry once it has finished", null));
        }
        if (earlier.isPresent()) {
            audit(context, record, "duplicate", earlier.get());
            return CompletableFuture.completedFuture(
                    record.withField("delivery_id", earlier.get(), context.provenance(tool, "delivery_duplicate_skipped", 1)));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("delivery_key", key);
        args.put("record_key", record.key());
        args.put("fields", record.fields());
        return context.call(tool, args).handle((done, failure) -> {
            if (failure != null) {
                ledger.release(key);
                throw failure instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(failure);
            }
            Object id = done.result().field("delivery_id");
            if (id == null) {
                ledger.release(key);
                throw new PermanentException("MissingDeliveryId", "delivery tool '" + tool + "' answered without a delivery_id", null);
            }
            ledger.delivered(key, id.toString());
            audit(context, record, "sent", id.toString());
            return record.withField("delivery_id", id.toString(), context.provenance(tool, "delivered", done.attempt()));
        });
    }

    private void audit(StepContext context, EnvelopeRecord record, String outcome, String deliveryId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("delivery_key", deliveryKey(context.runId(), record.key()));
        details.put("record_key", record.key());
        details.put("outcome", outcome);
        if (deliveryId != null) {
            details.put("delivery_id", deliveryId);
        }
        context.services().auditStore().append(new AuditRecord(AuditKind.DELIVERY, context.runId(),
                context.run().flow(), name(), record.key(), context.now(), null, details));
    }

    /** Builder. Defaults: name {@code delivery}, capability SEND, the default retry policy. */
    public static final class Builder {
        private final String tool;
        private String name = "delivery";
        private List<Capability> capabilities = List.of(Capability.SEND);
        private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
        private Duration toolTimeout = OrchestratorSettings.DEFAULT_TOOL_TIMEOUT;

        private Builder(String tool) {
            this.tool = java.util.Objects.requireNonNull(tool, "tool");
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder capabilities(Capability... granted) {
            this.capabilities = List.of(granted);
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder toolTimeout(Duration timeout) {
            this.toolTimeout = timeout;
            return this;
        }

        public DeliveryOrchestrator build(OrchestratorContext context) {
            return new DeliveryOrchestrator(this, context);
        }
    }
}
