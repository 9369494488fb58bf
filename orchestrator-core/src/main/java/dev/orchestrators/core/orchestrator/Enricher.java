package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.retry.RetryPolicy;
import dev.orchestrators.core.tool.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Used as a {@link Step} of a {@link Coordinator} it works on the coordinator's records; run on its own
 * it reads {@code payload.records} ({@code [{"key": ..., "fields": {...}}]}). Thread-safe.
 */
public final class Enricher extends BaseOrchestrator implements Step {
    private final String tool;
    private final Function<EnvelopeRecord, Map<String, Object>> arguments;
    private final boolean allowPartial;

    private Enricher(Builder b, OrchestratorContext context) {
        super(b.name, new OrchestratorSettings(java.util.Set.copyOf(b.capabilities), b.retryPolicy, b.toolTimeout), context);
        this.tool = b.tool;
        this.arguments = b.arguments;
        this.allowPartial = b.allowPartial;
    }

    public static Builder newBuilder(String tool) {
        return new Builder(tool);
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
        Throwable cause = failed.handle((v, t) -> dev.orchestrators.core.errors.FailureClassifier.unwrap(t)).join();
        return cause instanceof dev.orchestrators.core.retry.RetryDeferredException
                || cause instanceof dev.orchestrators.core.errors.CapabilityDeniedException
                || cause instanceof dev.orchestrators.core.errors.ConfigurationException;
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
    public static final class Builder {
        private final String tool;
        private String name = "enricher";
        private List<Capability> capabilities = List.of(Capability.READ);
        private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
        private Duration toolTimeout = OrchestratorSettings.DEFAULT_TOOL_TIMEOUT;
        private Function<EnvelopeRecord, Map<String, Object>> arguments = Builder::keyAndFields;
        private boolean allowPartial;

        private Builder(String tool) {
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

        /** How a record becomes the tool's arguments; by default its fields plus {@code key}. */
        public Builder arguments(Function<EnvelopeRecord, Map<String, Object>> mapping) {
            this.arguments = mapping;
            return this;
        }

        /** Pass records that cannot be enriched on unchanged and mark the envelope PARTIAL. */
        public Builder allowPartial() {
            this.allowPartial = true;
            return this;
        }

        public Enricher build(OrchestratorContext context) {
            return new Enricher(this, context);
        }
    }
}
