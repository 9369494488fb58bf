package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
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
        return of(name, (context, input) -> context.call(tool, arguments.apply(context.payload()))
                .thenApply(done -> StepOutcome.proceed(toRecords(context, done, keyField))));
    }

    /** A step from a function; the function must not block. */
    public static Step of(String name, BiFunction<StepContext, List<EnvelopeRecord>, CompletionStage<StepOutcome>> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return new Step() {
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

    @SuppressWarnings("unchecked")
    private static List<EnvelopeRecord> toRecords(StepContext context, CompletedToolCall done, String keyField) {
        Object many = done.result().field("records");
        List<Map<String, Object>> rows = many instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of(done.result().fields());
        List<EnvelopeRecord> records = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Object key = row.get(keyField);
            if (key == null) {
                throw new PermanentException("MissingRecordKey", "tool '" + done.call().tool()
                        + "' returned a record without key field '" + keyField + "'", null);
            }
            records.add(EnvelopeRecord.of(key.toString(), row,
                    context.provenance(done.call().tool(), "produced", done.attempt())));
        }
        return records;
    }
}
