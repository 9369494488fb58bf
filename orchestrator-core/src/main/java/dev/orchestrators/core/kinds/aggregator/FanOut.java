package dev.orchestrators.core.kinds.aggregator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.errors.CapabilityDeniedException;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.FailureClassifier;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.orchestrator.StepContext;
import dev.orchestrators.core.orchestrator.StepOutcome;
import dev.orchestrators.core.orchestrator.Steps;
import dev.orchestrators.core.retry.RetryDeferredException;
import dev.orchestrators.core.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One run of an {@link Aggregator}: calls every source and concludes exactly once, when all have settled, when a
 * failure must stop the run, or at the deadline (on the runtime's timer), whichever comes first. The outcome is
 * built from the answers as they are at that moment; what arrives later is ignored. Thread-safe: answers and
 * the deadline may complete on any thread.
 */
final class FanOut {
    private final StepContext context;
    private final String aggregator;
    private final List<Source> sources;
    private final Duration timeout;
    private final Function<EnvelopeRecord, String> dedupeKey;
    private final boolean requireAll;
    private final List<CompletableFuture<List<EnvelopeRecord>>> answers = new ArrayList<>();
    private final CompletableFuture<StepOutcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean concluded = new AtomicBoolean();
    private volatile Timer.Cancellable deadline = () -> { };

    FanOut(StepContext context, String aggregator, List<Source> sources, Duration timeout,
           Function<EnvelopeRecord, String> dedupeKey, boolean requireAll) {
        this.context = context;
        this.aggregator = aggregator;
        this.sources = sources;
        this.timeout = timeout;
        this.dedupeKey = dedupeKey;
        this.requireAll = requireAll;
    }

    CompletionStage<StepOutcome> start() {
        for (Source source : sources) {
            answers.add(fetch(source));
        }
        // Armed only once every call has started, so a conclusion always sees all of them.
        deadline = context.services().timer().schedule(timeout, this::conclude);
        for (CompletableFuture<List<EnvelopeRecord>> answer : answers) {
            // A failure that must stop the run does not wait for the other sources.
            answer.whenComplete((records, failure) -> {
                if (failure != null && mustPropagate(FailureClassifier.unwrap(failure))) {
                    conclude();
                }
            });
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> conclude());
        return outcome;
    }

    private CompletableFuture<List<EnvelopeRecord>> fetch(Source source) {
        Map<String, Object> args;
        try {
            args = source.arguments().apply(context.payload());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.call(source.tool(), args).thenApply(done -> {
            Provenance produced = new Provenance(context.orchestrator(), source.name(), source.tool(), "produced",
                    context.runId(), context.now(), done.attempt());
            // The source's step name replaces the aggregator's; the score a ranking source gave each record stays.
            return Steps.records(context, done, source.keyField(), "produced").stream()
                    .map(r -> new EnvelopeRecord(r.key(), r.fields(), List.of(produced.withScore(r.provenance().get(0).score()))))
                    .toList();
        }).toCompletableFuture();
    }

    /** Builds the outcome from the answers as they are now; runs once, later calls do nothing. */
    private void conclude() {
        if (!concluded.compareAndSet(false, true)) {
            return;
        }
        deadline.cancel();
        try {
            outcome.complete(build());
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }

    private StepOutcome build() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        List<List<EnvelopeRecord>> answered = new ArrayList<>();
        boolean anyTransient = false;
        for (int i = 0; i < sources.size(); i++) {
            Source source = sources.get(i);
            CompletableFuture<List<EnvelopeRecord>> answer = answers.get(i);
            if (!answer.isDone()) {
                report.put(source.name(), entry("timed_out", 0, null));
                failed.add(source.name() + " (timed out after " + timeout.toMillis() + " ms)");
                anyTransient = true;
            } else if (answer.isCompletedExceptionally()) {
                Throwable cause = FailureClassifier.unwrap(answer.handle((r, t) -> t).join());
                if (mustPropagate(cause)) {
                    throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
                }
                report.put(source.name(), entry("failed", 0, cause));
                failed.add(source.name() + " (" + typeOf(cause) + ")");
                anyTransient |= classify(cause) == FailureClass.TRANSIENT;
            } else {
                List<EnvelopeRecord> records = answer.join();
                report.put(source.name(), entry("ok", records.size(), null));
                answered.add(records);
            }
        }
        return outcome(report, failed, answered, anyTransient ? FailureClass.TRANSIENT : FailureClass.PERMANENT);
    }

    private StepOutcome outcome(Map<String, Object> report, List<String> failed, List<List<EnvelopeRecord>> answered,
                                FailureClass failureClass) {
        String summary = failed.size() + " of " + sources.size() + " sources failed: " + String.join(", ", failed);
        if (answered.isEmpty()) {
            throw new SourcesFailedException(SourcesFailedException.ALL_SOURCES_FAILED, summary, failureClass, report);
        }
        if (requireAll && !failed.isEmpty()) {
            throw new SourcesFailedException(SourcesFailedException.REQUIRED_SOURCE_FAILED,
                    summary + " (aggregator '" + aggregator + "' requires all sources)", failureClass, report);
        }
        List<EnvelopeRecord> merged = RecordMerger.merge(answered, dedupeKey, context.provenance(null, "merged", 1));
        StepOutcome result = failed.isEmpty() ? StepOutcome.proceed(merged) : StepOutcome.partial(merged, summary);
        return result.withDetail(Aggregator.SOURCES_DETAIL, report);
    }

    private FailureClass classify(Throwable cause) {
        return cause instanceof OrchestratorException oe ? oe.failureClass()
                : context.services().classifier().classify(cause);
    }

    private static Map<String, Object> entry(String status, int records, Throwable failure) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status", status);
        entry.put("records", records);
        if (failure != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", typeOf(failure));
            error.put("message", failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
            entry.put("error", error);
        }
        return entry;
    }

    private static String typeOf(Throwable failure) {
        return failure instanceof OrchestratorException oe ? oe.type() : failure.getClass().getSimpleName();
    }

    /** Deferrals and wiring errors are not source failures: they stop the run even when partial results are allowed. */
    private static boolean mustPropagate(Throwable cause) {
        return cause instanceof RetryDeferredException
                || cause instanceof CapabilityDeniedException
                || cause instanceof ConfigurationException;
    }
}
