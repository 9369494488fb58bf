package dev.orchestrators.core.envelope;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One record of an envelope: its key, its fields (a JSON object) and its lineage.
 *
 * <p>Immutable: the field map and provenance list are copied and cannot be modified. Field values are
 * JSON values (strings, numbers, booleans, {@code null}, lists and maps of those); field order is kept.
 */
public record EnvelopeRecord(
        @JsonProperty("key") String key,
        @JsonProperty("fields") Map<String, Object> fields,
        @JsonProperty("provenance") List<Provenance> provenance) {

    public EnvelopeRecord {
        Objects.requireNonNull(key, "key");
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        provenance = provenance == null ? List.of() : List.copyOf(provenance);
    }

    public static EnvelopeRecord of(String key, Map<String, Object> fields, Provenance origin) {
        return new EnvelopeRecord(key, fields, List.of(origin));
    }

    /** The value of a field, or {@code null}. */
    public Object field(String name) {
        return fields.get(name);
    }

    /** A copy with {@code extra} fields added; existing fields with the same name are kept, not overwritten. */
    public EnvelopeRecord withAddedFields(Map<String, Object> extra, Provenance step) {
        Map<String, Object> merged = new LinkedHashMap<>(fields);
        extra.forEach(merged::putIfAbsent);
        return new EnvelopeRecord(key, merged, appended(step));
    }

    /** A copy with one more provenance entry and the same fields. */
    public EnvelopeRecord withProvenance(Provenance step) {
        return new EnvelopeRecord(key, fields, appended(step));
    }

    /** A copy with {@code name} set to {@code value} (overwriting) and one more provenance entry. */
    public EnvelopeRecord withField(String name, Object value, Provenance step) {
        Map<String, Object> merged = new LinkedHashMap<>(fields);
        merged.put(name, value);
        return new EnvelopeRecord(key, merged, appended(step));
    }

    private List<Provenance> appended(Provenance step) {
        List<Provenance> list = new ArrayList<>(provenance);
        list.add(Objects.requireNonNull(step, "provenance"));
        return list;
    }
}
