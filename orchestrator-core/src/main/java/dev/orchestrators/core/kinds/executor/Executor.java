package dev.orchestrators.core.kinds.executor;

import dev.orchestrators.core.audit.AuditKind;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.internal.RunContext;
import dev.orchestrators.core.orchestrator.BaseOrchestrator;
import dev.orchestrators.core.orchestrator.DeliveryGate;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.Step;
import dev.orchestrators.core.orchestrator.StepContext.Performed;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.tool.Capability;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Performs one side effect per run (create a CRM record, send an email) through a WRITE or SEND tool, and
 * reports it with the id the receiving system gave it, so that a saga can undo it.
 * <ul>
 *   <li><b>Once</b>: the side effect's idempotency key is {@link #sideEffectKey <run_id>:<executor name>}.
 *       It is claimed in the {@code SideEffectLedger} before the tool is called and handed to the tool as
 *       {@code idempotency_key}; a repeat of the run (retry, resume after a crash, redelivery) does not perform
 *       it again but reports the recorded effect, with provenance action {@code performed_earlier}.</li>
 *   <li><b>Gated</b>: an executor whose tool has capability SEND obeys the {@link DeliveryGate} by default
 *       ({@link Builder#gated} overrides): while the gate is closed nothing is performed and the run ends
 *       DISABLED with {@link #DISABLED_REASON}.</li>
 *   <li><b>Reversible</b>: the side effect names its compensator tool ({@link Builder#compensator}). The
 *       executor never calls it; a saga does, through {@link #compensationArguments} and with
 *       {@code idempotency_key} {@link #compensationKey <run_id>:<executor name>:compensate}, so compensators
 *       must be idempotent by that key. The compensator is among the executor's declared tools, so a flow
 *       check requires the executor to declare its capability too.</li>
 *   <li><b>Audited</b>: every outcome ({@code performed}, {@code repeated}, {@code disabled}) is appended to the
 *       audit store as a {@link AuditKind#SIDE_EFFECT} entry whose subject is the executor's name.</li>
 * </ul>
 * The envelope holds the records it was given (none when run on its own) plus one record keyed by the
 * executor's name with fields {@code side_effect_id}, {@code tool}, {@code compensator} (when there is one)
 * and the tool's answer (which never overwrites those three). A tool failure fails the run (transient ones
 * after the retry policy) and releases the claim, so a later attempt may perform it; an answer without the
 * id field fails permanently with {@code MissingSideEffectId}.
 *
 * <pre>{@code
 * Executor createLead = Executor.newBuilder("crm_create")
 *     .arguments((payload, records) -> Map.of("email", payload.get("email")))
 *     .compensator("crm_delete")
 *     .build(context);
 * }</pre>
 *
 * <p>Unlike the record kinds it needs no {@code payload.records} when run on its own. Thread-safe.
 */
public final class Executor extends BaseOrchestrator implements Step {
    /** The kind's name. */
    public static final String KIND = "executor";
    /** Why a DISABLED envelope performed nothing. */
    public static final String DISABLED_REASON = "side effect disabled: allow_delivery is off, nothing was performed";
    /** The field of the tool's answer that holds the side-effect id, unless {@link Builder#idField} says otherwise. */
    public static final String DEFAULT_ID_FIELD = "id";

    private final String tool;
    private final BiFunction<Payload, List<EnvelopeRecord>, Map<String, Object>> arguments;
    private final String idField;
    private final String compensatorTool;
    private final Function<CompensationInput, Map<String, Object>> compensation;
    private final Boolean gated;

    private Executor(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.tool = b.tool;
        this.arguments = b.arguments;
        this.idField = b.idField;
        this.compensatorTool = b.compensatorTool;
        this.compensation = b.compensation;
        this.gated = b.gated;
    }

    /**
     * @param tool the WRITE or SEND tool that performs the side effect; also the default name
     * @throws ConfigurationException when {@code tool} is blank
     */
    public static Builder newBuilder(String tool) {
        return new Builder(tool);
    }

    /** The idempotency key of the side effect of executor {@code name} in run {@code runId}. */
    public static String sideEffectKey(String runId, String name) {
        return runId + ":" + name;
    }

    /** The idempotency key a saga calls the compensator of executor {@code name} in run {@code runId} with. */
    public static String compensationKey(String runId, String name) {
        return sideEffectKey(runId, name) + ":compensate";
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The tool that performs the side effect. */
    public String tool() {
        return tool;
    }

    /** The tool that undoes the side effect, if one was named. */
    public Optional<String> compensatorTool() {
        return Optional.ofNullable(compensatorTool);
    }

    /** The field of the tool's answer holding the side-effect id. */
    public String idField() {
        return idField;
    }

    /**
     * The compensator's arguments for undoing {@code input.effect()}: by default {@code {"id": <side-effect id>}}.
     * The caller adds {@code idempotency_key} ({@link #compensationKey}), e.g. through
     * {@code StepContext.performOnce}.
     *
     * @throws NullPointerException when {@code input} is null or the builder's mapping returns null
     */
    public Map<String, Object> compensationArguments(CompensationInput input) {
        Objects.requireNonNull(input, "input");
        Map<String, Object> args = Objects.requireNonNull(compensation.apply(input), "compensation arguments");
        return Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    @Override
    protected Set<String> toolNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add(tool);
        if (compensatorTool != null) {
            names.add(compensatorTool);
        }
        return names;
    }

    @Override
    protected CompletionStage<StepOutcome> perform(RunContext run) {
        return runStep(run, this, List.of());
    }

    @Override
    public CompletionStage<StepOutcome> apply(StepContext outer, List<EnvelopeRecord> input) {
        return performSideEffect(outer.asOrchestrator(name(), settings()), input);
    }

    private CompletionStage<StepOutcome> performSideEffect(StepContext context, List<EnvelopeRecord> input) {
        String key = sideEffectKey(context.runId(), name());
        if (gatedFor(context) && !context.services().deliveryGate().allowDelivery()) {
            audit(context, "disabled", null, null);
            return CompletableFuture.completedFuture(StepOutcome.halt(input, RunStatus.DISABLED, DISABLED_REASON));
        }
        Map<String, Object> args;
        try {
            args = Objects.requireNonNull(arguments.apply(context.payload(), input), "executor arguments");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.performOnce(tool, key, args, idField).thenApply(performed -> {
            audit(context, performed.repeated() ? "repeated" : "performed", performed.effect().id(), performed.answer());
            List<EnvelopeRecord> out = new ArrayList<>(input);
            out.add(record(context, performed));
            return StepOutcome.proceed(out);
        });
    }

    /** Explicit setting first; otherwise a SEND tool is gated like a delivery. */
    private boolean gatedFor(StepContext context) {
        if (gated != null) {
            return gated;
        }
        return context.services().tools().find(tool).map(t -> t.capability() == Capability.SEND).orElse(false);
    }

    private EnvelopeRecord record(StepContext context, Performed performed) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("side_effect_id", performed.effect().id());
        fields.put("tool", tool);
        if (compensatorTool != null) {
            fields.put("compensator", compensatorTool);
        }
        if (performed.call() != null) {
            performed.call().result().fields().forEach(fields::putIfAbsent);
        }
        String action = performed.repeated() ? "performed_earlier" : "performed";
        return EnvelopeRecord.of(name(), fields, context.provenance(tool, action, performed.attempt()));
    }

    private void audit(StepContext context, String outcome, String sideEffectId, Map<String, Object> answer) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("idempotency_key", sideEffectKey(context.runId(), name()));
        if (sideEffectId != null) {
            details.put("side_effect_id", sideEffectId);
        }
        details.put("tool", tool);
        if (compensatorTool != null) {
            details.put("compensator", compensatorTool);
        }
        details.put("outcome", outcome);
        if (answer != null) {
            details.put("result", answer);
        }
        context.services().auditStore().append(new AuditRecord(AuditKind.SIDE_EFFECT, context.runId(),
                context.flow(), name(), name(), context.now(), null, details));
    }

    /**
     * Builder. Defaults: named after the tool, capability WRITE, arguments = the payload's fields, id field
     * {@code id}, no compensator, gated only when the tool's capability is SEND. Not thread-safe.
     */
    public static final class Builder extends OrchestratorBuilder<Builder, Executor> {
        private final String tool;
        private BiFunction<Payload, List<EnvelopeRecord>, Map<String, Object>> arguments = (payload, records) -> payload.data();
        private String idField = DEFAULT_ID_FIELD;
        private String compensatorTool;
        private Function<CompensationInput, Map<String, Object>> compensation = Builder::idOnly;
        private Boolean gated;

        private Builder(String tool) {
            super(requireName(tool, "an executor needs the name of the tool that performs its side effect"), Capability.WRITE);
            this.tool = tool;
        }

        private static String requireName(String value, String message) {
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(message);
            }
            return value;
        }

        private static Map<String, Object> idOnly(CompensationInput input) {
            return Map.of("id", input.effect().id());
        }

        /** How the payload and the records so far become the tool's arguments; by default the payload's fields. */
        public Builder arguments(BiFunction<Payload, List<EnvelopeRecord>, Map<String, Object>> mapping) {
            this.arguments = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * The field of the tool's answer that holds the side-effect id (default {@code id}).
         *
         * @throws ConfigurationException when {@code field} is blank
         */
        public Builder idField(String field) {
            this.idField = requireName(field, "an executor's id field must not be blank");
            return this;
        }

        /**
         * The tool that undoes the side effect, called by a saga with {@code mapping}'s arguments.
         *
         * @throws ConfigurationException when {@code compensator} is blank
         */
        public Builder compensator(String compensator, Function<CompensationInput, Map<String, Object>> mapping) {
            this.compensatorTool = requireName(compensator, "an executor's compensator tool must not be blank");
            this.compensation = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * The tool that undoes the side effect, called with {@code {"id": <side-effect id>}}.
         *
         * @throws ConfigurationException when {@code compensator} is blank
         */
        public Builder compensator(String compensator) {
            return compensator(compensator, Builder::idOnly);
        }

        /** Whether the {@link DeliveryGate} applies; by default only to an executor whose tool has capability SEND. */
        public Builder gated(boolean value) {
            this.gated = value;
            return this;
        }

        @Override
        public Executor build(OrchestratorContext context) {
            return new Executor(this, context);
        }
    }
}
