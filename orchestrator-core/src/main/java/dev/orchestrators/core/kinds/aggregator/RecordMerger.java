package dev.orchestrators.core.kinds.aggregator;

import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * De-duplicates the records of several sources: records that share a dedupe key become one record whose
 * fields are the first record's, completed by the later ones' missing fields, and whose provenance lists
 * every contribution plus one {@code merged} entry. Records without a dedupe key are never merged.
 * Output order is first appearance. Stateless.
 */
final class RecordMerger {
    private RecordMerger() {
    }

    /**
     * @param bySource the records of each source that answered, in source declaration order
     * @param merged   the provenance entry a merged record gets last
     */
    static List<EnvelopeRecord> merge(List<List<EnvelopeRecord>> bySource, Function<EnvelopeRecord, String> dedupeKey,
                                      Provenance merged) {
        Map<Object, List<EnvelopeRecord>> groups = new LinkedHashMap<>();
        for (List<EnvelopeRecord> records : bySource) {
            for (EnvelopeRecord record : records) {
                String key = dedupeKey.apply(record);
                // A record without a dedupe key stands alone: a fresh object never equals another key.
                groups.computeIfAbsent(key == null ? new Object() : key, k -> new ArrayList<>()).add(record);
            }
        }
        List<EnvelopeRecord> out = new ArrayList<>(groups.size());
        for (List<EnvelopeRecord> group : groups.values()) {
            out.add(group.size() == 1 ? group.get(0) : combine(group, merged));
        }
        return out;
    }

    private static EnvelopeRecord combine(List<EnvelopeRecord> group, Provenance merged) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<Provenance> provenance = new ArrayList<>();
        for (EnvelopeRecord record : group) {
            record.fields().forEach(fields::putIfAbsent);
            provenance.addAll(record.provenance());
        }
        provenance.add(merged);
        return new EnvelopeRecord(group.get(0).key(), fields, provenance);
    }
}
