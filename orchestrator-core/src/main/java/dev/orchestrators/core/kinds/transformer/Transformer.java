package dev.orchestrators.core.kinds.transformer;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RecordOrchestrator;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.CompletedToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Normalizes and validates records, deterministically.
 * <ol>
 *   <li><b>Transforms</b> run first, in declaration order, on each record's fields (see {@link Transforms});
 *       each adds a {@code transformed} provenance entry whose {@code tool} is the transform's name. A
 *       transform that throws fails the run with {@link TransformFailedException}: a broken transform is a
 *       bug, not an invalid record.</li>
 *   <li><b>Validation</b> then checks each transformed record against the {@link RecordSchema}, and the
 *       records the schema accepts against the optional validation tool (a {@code ValidationAgent} answering
 *       {@code {"valid": bool, "reason": str}}), called for all records at once. A tool that fails after its
 *       retries fails the run.</li>
 *   <li><b>Invalid records</b> are dropped, or kept under {@link InvalidRecordPolicy#ANNOTATE} with a
 *       {@code validation_errors} field and a {@code rejected} provenance entry. Any rejection makes the
 *       envelope PARTIAL ({@code "k of n records failed validation"}).</li>
 * </ol>
 * Every outcome reports {@code metadata.details.validation}: {@code {"checked": n, "valid": v, "rejected": r,
 * "policy": "drop", "rejections": [{"key": "L-2", "reasons": ["field 'email' is required"]}]}}.
 *
 * <p>Used as a step it works on the records before it; run on its own it reads {@code payload.records}
 * (see {@link RecordOrchestrator}). Records keep their input order. Thread-safe.
 */
public final class Transformer extends RecordOrchestrator {
    /** The kind's name. */
    public static final String KIND = "transformer";
    /** The key of the validation report in {@code metadata.details}. */
    public static final String VALIDATION_DETAIL = "validation";
    /** The field an annotated invalid record gets, with its reasons. */
    public static final String VALIDATION_ERRORS_FIELD = "validation_errors";

    private final List<NamedTransform> transforms;
    private final RecordSchema schema;
    private final String validationTool;
    private final Function<EnvelopeRecord, Map<String, Object>> validationArguments;
    private final InvalidRecordPolicy policy;

    private Transformer(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.transforms = List.copyOf(b.transforms);
        this.schema = b.schema;
        this.validationTool = b.validationTool;
        this.validationArguments = b.validationArguments;
        this.policy = b.policy;
    }

    /** A builder for a transformer called {@code name}. */
    public static Builder newBuilder(String name) {
        return new Builder().name(name);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Set<String> toolNames() {
        return validationTool == null ? Set.of() : Set.of(validationTool);
    }

    @Override
    protected CompletionStage<StepOutcome> process(StepContext context, List<EnvelopeRecord> input) {
        List<EnvelopeRecord> transformed = new ArrayList<>(input.size());
        try {
            input.forEach(record -> transformed.add(transform(context, record)));
        } catch (TransformFailedException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Verdict>> verdicts = transformed.stream().map(r -> check(context, r)).toList();
        return CompletableFuture.allOf(verdicts.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> conclude(context, transformed, verdicts.stream().map(CompletableFuture::join).toList()));
    }

    private EnvelopeRecord transform(StepContext context, EnvelopeRecord record) {
        Map<String, Object> fields = record.fields();
        EnvelopeRecord out = record;
        for (NamedTransform t : transforms) {
            try {
                fields = t.function().apply(new LinkedHashMap<>(fields));
            } catch (RuntimeException e) {
                throw new TransformFailedException(t.name(), record.key(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
            }
            if (fields == null) {
                throw new TransformFailedException(t.name(), record.key(), "it returned no fields", null);
            }
            out = new EnvelopeRecord(out.key(), fields, out.provenance())
                    .withProvenance(context.provenance(t.name(), "transformed", 1));
        }
        return out;
    }

    private CompletableFuture<Verdict> check(StepContext context, EnvelopeRecord record) {
        List<String> reasons = schema == null ? List.of() : schema.validate(record.fields());
        if (!reasons.isEmpty() || validationTool == null) {
            return CompletableFuture.completedFuture(new Verdict(reasons, null, 1));
        }
        Map<String, Object> args;
        try {
            args = validationArguments.apply(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.call(validationTool, args).thenApply(this::verdict).toCompletableFuture();
    }

    private Verdict verdict(CompletedToolCall done) {
        if (!(done.result().field("valid") instanceof Boolean valid)) {
            throw new PermanentException("InvalidValidationAnswer", "validation tool '" + validationTool
                    + "' must answer with a boolean 'valid', answered " + done.result().fields().keySet(), null);
        }
        if (valid) {
            return new Verdict(List.of(), validationTool, done.attempt());
        }
        Object reason = done.result().field("reason");
        String text = reason == null ? "rejected by validation tool '" + validationTool + "'" : reason.toString();
        return new Verdict(List.of(text), validationTool, done.attempt());
    }

    private StepOutcome conclude(StepContext context, List<EnvelopeRecord> records, List<Verdict> verdicts) {
        List<EnvelopeRecord> out = new ArrayList<>(records.size());
        List<Map<String, Object>> rejections = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            EnvelopeRecord record = records.get(i);
            Verdict verdict = verdicts.get(i);
            if (verdict.reasons().isEmpty()) {
                out.add(record);
                continue;
            }
            Map<String, Object> rejection = new LinkedHashMap<>(); // a fixed key order on the wire
            rejection.put("key", record.key());
            rejection.put("reasons", verdict.reasons());
            rejections.add(rejection);
            if (policy == InvalidRecordPolicy.ANNOTATE) {
                out.add(record.withField(VALIDATION_ERRORS_FIELD, verdict.reasons(),
                        context.provenance(verdict.tool(), "rejected", verdict.attempt())));
            }
        }
        int rejected = rejections.size();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checked", records.size());
        report.put("valid", records.size() - rejected);
        report.put("rejected", rejected);
        report.put("policy", policy.wireName());
        report.put("rejections", rejections);
        StepOutcome outcome = rejected == 0 ? StepOutcome.proceed(out)
                : StepOutcome.partial(out, rejected + " of " + records.size() + " records failed validation");
        return outcome.withDetail(VALIDATION_DETAIL, report);
    }

    private record NamedTransform(String name, UnaryOperator<Map<String, Object>> function) {
    }

    /** Why a record is invalid (empty when valid), and the tool call that said so, if one did. */
    private record Verdict(List<String> reasons, String tool, int attempt) {
    }

    /**
     * Builder. Defaults: no transforms, no schema, no validation tool, {@link InvalidRecordPolicy#DROP}, the
     * default retry policy, and no capabilities, or READ once a validation tool is set (unless
     * {@link #capabilities} says otherwise).
     */
    public static final class Builder extends OrchestratorBuilder<Builder, Transformer> {
        private final List<NamedTransform> transforms = new ArrayList<>();
        private RecordSchema schema;
        private String validationTool;
        private Function<EnvelopeRecord, Map<String, Object>> validationArguments;
        private InvalidRecordPolicy policy = InvalidRecordPolicy.DROP;
        private boolean capabilitiesSet;

        private Builder() {
            super(KIND);
        }

        /**
         * Adds a transform, run after those added before it. It gets a mutable copy of the record's fields and
         * returns the new fields (it may return the copy); it must be deterministic and must not block.
         *
         * @throws ConfigurationException when {@code name} is blank or another transform has it
         */
        public Builder transform(String name, UnaryOperator<Map<String, Object>> fieldsFunction) {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("a transform needs a non-blank name");
            }
            if (transforms.stream().anyMatch(t -> t.name().equals(name))) {
                throw new ConfigurationException("transformer '" + name() + "' has two transforms named '" + name + "'");
            }
            transforms.add(new NamedTransform(name, Objects.requireNonNull(fieldsFunction, "fieldsFunction")));
            return this;
        }

        /** The schema every transformed record is checked against. */
        public Builder schema(RecordSchema value) {
            this.schema = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * A validation tool asked about each record the schema accepts, with {@code arguments(record)}; it
         * answers {@code {"valid": bool, "reason": str}}.
         *
         * @throws ConfigurationException when {@code tool} is blank
         */
        public Builder validationTool(String tool, Function<EnvelopeRecord, Map<String, Object>> arguments) {
            if (tool == null || tool.isBlank()) {
                throw new ConfigurationException("transformer '" + name() + "' needs the name of its validation tool");
            }
            this.validationTool = tool;
            this.validationArguments = Objects.requireNonNull(arguments, "arguments");
            return this;
        }

        /** What happens to invalid records (default {@link InvalidRecordPolicy#DROP}). */
        public Builder onInvalid(InvalidRecordPolicy value) {
            this.policy = Objects.requireNonNull(value, "value");
            return this;
        }

        /** The capabilities, as set explicitly: {@link #build} then grants nothing on its own, not even READ. */
        @Override
        public Builder capabilities(Capability... granted) {
            capabilitiesSet = true;
            return super.capabilities(granted);
        }

        /** @throws ConfigurationException when the shared settings are invalid */
        @Override
        public Transformer build(OrchestratorContext context) {
            if (validationTool != null && !capabilitiesSet) {
                super.capabilities(Capability.READ);
            }
            return new Transformer(this, context);
        }
    }
}
