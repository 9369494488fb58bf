package dev.orchestrators.core.kinds.delivery;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RecordOrchestrator;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.tool.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivers records through a SEND tool, safely:
 * <ul>
 *   <li><b>Gated</b>: when the {@link DeliveryGate} ({@code allow_delivery}) is off nothing is sent, the
 *       records pass through unchanged and the run ends DISABLED with the reason.</li>
 *   <li><b>Once</b>: each record's delivery key is {@code <run_id>:<delivery name>:<record key>} (the name
 *       keeps two deliveries of one record, say by email and to a CRM, and an executor named like a record,
 *       apart). It is claimed in the
 *       side-effect ledger before sending, so a repeated attempt of the same run (a retry, a resume after
 *       a crash or rebalance, on this or another instance) does not send twice; the key is also passed
 *       to the tool as {@code delivery_key}, for the receiving system's own de-duplication.</li>
 *   <li><b>Recorded</b>: every outcome ({@code sent}, {@code duplicate}, {@code disabled}) is appended to
 *       the audit store as a DELIVERY entry.</li>
 * </ul>
 * The tool must answer with a {@code delivery_id}; each delivered record gets that field and a
 * {@code delivered} provenance entry. Thread-safe.
 */
public final class DeliveryOrchestrator extends RecordOrchestrator {
    /** The kind's name. */
    public static final String KIND = "delivery";
    /** Why a DISABLED envelope sent nothing. */
    public static final String DISABLED_REASON = "delivery disabled: allow_delivery is off, nothing was sent";

    private final String tool;

    private DeliveryOrchestrator(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.tool = b.tool;
    }

    public static Builder newBuilder(String tool) {
        return new Builder(tool);
    }

    /** The idempotency key of delivery {@code delivery} delivering {@code recordKey} in run {@code runId}. */
    public static String deliveryKey(String runId, String delivery, String recordKey) {
        return runId + ":" + delivery + ":" + recordKey;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Set<String> toolNames() {
        return Set.of(tool);
    }

    @Override
    protected CompletionStage<StepOutcome> process(StepContext context, List<EnvelopeRecord> input) {
        if (!context.services().deliveryGate().allowDelivery()) {
            List<EnvelopeRecord> untouched = new ArrayList<>(input.size());
            for (EnvelopeRecord record : input) {
                audit(context, record, "disabled", null, null);
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
        String key = deliveryKey(context.runId(), name(), record.key());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("delivery_key", key);
        args.put("record_key", record.key());
        args.put("fields", record.fields());
        return context.performOnce(tool, key, args, "delivery_id").thenApply(performed -> {
            String id = performed.effect().id();
            audit(context, record, performed.repeated() ? "duplicate" : "sent", id, performed.answer());
            String action = performed.repeated() ? "delivery_duplicate_skipped" : "delivered";
            return record.withField("delivery_id", id, context.provenance(tool, action, performed.attempt()));
        });
    }

    private void audit(StepContext context, EnvelopeRecord record, String outcome, String deliveryId,
                       Map<String, Object> answer) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("delivery_key", deliveryKey(context.runId(), name(), record.key()));
        details.put("record_key", record.key());
        details.put("outcome", outcome);
        if (deliveryId != null) {
            details.put("delivery_id", deliveryId);
        }
        if (answer != null) {
            details.put("result", answer);
        }
        context.services().auditStore().append(new AuditRecord(AuditKind.DELIVERY, context.runId(),
                context.flow(), name(), record.key(), context.now(), null, details));
    }

    /** Builder. Defaults: name {@code delivery}, capability SEND, the default retry policy. */
    public static final class Builder extends OrchestratorBuilder<Builder, DeliveryOrchestrator> {
        private final String tool;

        private Builder(String tool) {
            super(KIND, Capability.SEND);
            this.tool = Objects.requireNonNull(tool, "tool");
        }

        @Override
        public DeliveryOrchestrator build(OrchestratorContext context) {
            return new DeliveryOrchestrator(this, context);
        }
    }
}
