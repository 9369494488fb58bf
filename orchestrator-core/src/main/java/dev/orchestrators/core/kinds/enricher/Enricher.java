package dev.orchestrators.core.kinds.enricher;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.errors.CapabilityDeniedException;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.orchestrator.OrchestratorBuilder;
import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.RecordOrchestrator;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.tool.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Enriches each upstream record through a tool (resolve company info, geocode an address): the tool's
 * result fields are added to the record, the original fields are kept (never overwritten), and each
 * record gets its own provenance entry ({@code enriched}, with the attempt that succeeded).
 *
 * <p>Records are enriched concurrently and come out in their input order. By default one record that
 * cannot be enriched fails the run; with {@link Builder#allowPartial()} it is passed on unchanged,
 * with an {@code enrichment_failed} provenance entry, and the envelope says PARTIAL.
 *
 * <p>Used as a step it works on the records before it; run on its own it reads {@code payload.records}
 * (see {@link RecordOrchestrator}). Thread-safe.
 */
public final class Enricher extends RecordOrchestrator {
    /** The kind's name. */
    public static final String KIND = "enricher";

    private final String tool;
    private final Function<EnvelopeRecord, Map<String, Object>> arguments;
    private final boolean allowPartial;

    private Enricher(Builder b, OrchestratorContext context) {
        super(b.name(), b.settings(), context);
        this.tool = b.tool;
        this.arguments = b.arguments;
        this.allowPartial = b.allowPartial;
    }

    public static Builder newBuilder(String tool) {
        return new Builder(tool);
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
        List<CompletableFuture<EnvelopeRecord>> enriched = new ArrayList<>(input.size());
        for (EnvelopeRecord record : input) {
            enriched.add(enrich(context, record).toCompletableFuture());
        }
        return CompletableFuture.allOf(enriched.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            List<EnvelopeRecord> out = new ArrayList<>(input.size());
            int failed = 0;
            for (int i = 0; i < input.size(); i++) {
                CompletableFuture<EnvelopeRecord> f = enriched.get(i);
                if (!f.isCompletedExceptionally()) {
                    out.add(f.join());
                } else if (allowPartial && !mustPropagate(f)) {
                    failed++;
                    out.add(input.get(i).withProvenance(context.provenance(tool, "enrichment_failed", 1)));
                } else {
                    f.join(); // rethrows the first failure, which fails the step
                }
            }
            return failed == 0 ? StepOutcome.proceed(out)
                    : StepOutcome.partial(out, failed + " of " + input.size() + " records could not be enriched");
        });
    }

    /** Deferrals and wiring errors are not record failures: they stop the run even when partial results are allowed. */
    private static boolean mustPropagate(CompletableFuture<EnvelopeRecord> failed) {
        Throwable cause = failed.handle((v, t) -> FailureClassifier.unwrap(t)).join();
        return cause instanceof RetryDeferredException
                || cause instanceof CapabilityDeniedException
                || cause instanceof ConfigurationException;
    }

    private CompletionStage<EnvelopeRecord> enrich(StepContext context, EnvelopeRecord record) {
        Map<String, Object> args;
        try {
            args = arguments.apply(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.call(tool, args).thenApply(done ->
                record.withAddedFields(done.result().fields(), context.provenance(tool, "enriched", done.attempt())));
    }

    /** Builder. Defaults: name {@code enricher}, capability READ, the default retry policy. */
    public static final class Builder extends OrchestratorBuilder<Builder, Enricher> {
        private final String tool;
        private Function<EnvelopeRecord, Map<String, Object>> arguments = Builder::keyAndFields;
        private boolean allowPartial;

        private Builder(String tool) {
            super(KIND, Capability.READ);
            if (tool == null || tool.isBlank()) {
                throw new ConfigurationException("an enricher needs the name of its enrichment tool");
            }
            this.tool = tool;
        }

        private static Map<String, Object> keyAndFields(EnvelopeRecord record) {
            Map<String, Object> args = new LinkedHashMap<>(record.fields());
            args.put("key", record.key());
            return args;
        }

        /** How a record becomes the tool's arguments; by default its fields plus {@code key}. */
        public Builder arguments(Function<EnvelopeRecord, Map<String, Object>> mapping) {
            this.arguments = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Pass records that cannot be enriched on unchanged and mark the envelope PARTIAL. */
        public Builder allowPartial() {
            this.allowPartial = true;
            return this;
        }

        @Override
        public Enricher build(OrchestratorContext context) {
            return new Enricher(this, context);
        }
    }
}
