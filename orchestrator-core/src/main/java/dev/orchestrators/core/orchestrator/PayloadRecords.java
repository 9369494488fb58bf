package dev.orchestrators.core.orchestrator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Payload;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.errors.InvalidPayloadException;
import dev.orchestrators.core.internal.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code records} of a payload for orchestrators that work on upstream records when they run
 * on their own: {@code {"records": [{"key": "k1", "fields": {...}}, ...]}}.
 */
final class PayloadRecords {
    private PayloadRecords() {
    }

    static void validate(Payload payload) {
        if (!(payload.get("records") instanceof List<?> list)) {
            throw new InvalidPayloadException("payload field 'records' must be a list of {key, fields} objects");
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map) || map.get("key") == null
                    || (map.get("fields") != null && !(map.get("fields") instanceof Map<?, ?>))) {
                throw new InvalidPayloadException("every element of 'records' needs a 'key' and an object 'fields', got " + item);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<EnvelopeRecord> read(RunContext run, String orchestrator) {
        List<EnvelopeRecord> records = new ArrayList<>();
        for (Object item : (List<?>) run.payload().get("records")) {
            Map<String, Object> map = (Map<String, Object>) item;
            Map<String, Object> fields = map.get("fields") == null ? Map.of() : (Map<String, Object>) map.get("fields");
            Provenance received = new Provenance(orchestrator, "input", null, "received", run.runId(), run.now(), 1);
            records.add(EnvelopeRecord.of(map.get("key").toString(), fields, received));
        }
        return records;
    }
}
