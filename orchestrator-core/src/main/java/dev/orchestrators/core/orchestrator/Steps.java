package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.tool.CompletedToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Factories for common {@link Step}s. */
public final class Steps {
    private Steps() {
    }

    /**
     * A step that calls {@code tool} once with arguments taken from the payload and turns the result into
     * records: a result with a {@code records} list gives one record per element, any other result is
     * one record. Each record's key is its {@code keyField} value. Provenance action: {@code produced}.
     * Records handed to this step are replaced.
     */
    public static Step fetch(String name, String tool, Function<Payload, Map<String, Object>> arguments, String keyField) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(keyField, "keyField");
        return calling(name, List.of(tool), (context, input) -> context.call(tool, arguments.apply(context.payload()))
                .thenApply(done -> StepOutcome.proceed(records(context, done, keyField, "produced"))));
    }

    /** A step from a function; the function must not block. It names no tools: see {@link #calling}. */
    public static Step of(String name, BiFunction<StepContext, List<EnvelopeRecord>, CompletionStage<StepOutcome>> body) {
        return calling(name, List.of(), body);
    }

    /**
     * A step from a function that calls {@code tools}; naming them lets the flow check at start-up that
     * they exist and that the owner's capabilities allow them. The function must not block.
     */
    public static Step calling(String name, List<String> tools,
                               BiFunction<StepContext, List<EnvelopeRecord>, CompletionStage<StepOutcome>> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        String[] named = tools.toArray(String[]::new);
        return new Step() {
            @Override
            public Description describe() {
                return Description.ofStep(name, named);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<StepOutcome> apply(StepContext context, List<EnvelopeRecord> input) {
                return body.apply(context, input);
            }

            @Override
            public String toString() {
                return "Step[" + name + "]";
            }
        };
    }

    /**
     * The records of a tool's answer: one per element of a {@code records} list in the result, or the whole
     * result as one record; each keyed by its {@code keyField} value, with a provenance entry {@code action}.
     *
     * <p>A tool that ranks its records (a vector search) may answer a {@code scores} list aligned with
     * {@code records}: the i-th number becomes the i-th record's provenance {@link Provenance#score() score}. A
     * {@code scores} list whose length differs from the records' is ignored (no record gets a score it may not own),
     * as is an element that is not a finite number.
     *
     * @throws PermanentException {@code MissingRecordKey} when a record has no {@code keyField}
     */
    @SuppressWarnings("unchecked")
    public static List<EnvelopeRecord> records(StepContext context, CompletedToolCall done, String keyField, String action) {
        Object many = done.result().field("records");
        List<Map<String, Object>> rows = many instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of(done.result().fields());
        List<?> scores = many instanceof List<?> && done.result().field("scores") instanceof List<?> given
                && given.size() == rows.size() ? given : null;
        List<EnvelopeRecord> records = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            Object key = row.get(keyField);
            if (key == null) {
                throw new PermanentException("MissingRecordKey", "tool '" + done.call().tool()
                        + "' returned a record without key field '" + keyField + "'", null);
            }
            Provenance origin = context.provenance(done.call().tool(), action, done.attempt());
            records.add(EnvelopeRecord.of(key.toString(), row, scores == null ? origin : origin.withScore(score(scores.get(i)))));
        }
        return records;
    }

    /** A finite number as a score; anything else as none. */
    private static Double score(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }
}
