package dev.orchestrators.harness.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a flow writes per request, measured on a real run ({@link WriteProfiler}): per topic, how many records,
 * how large, with which headers; and one request's records as byte templates in which every occurrence of the
 * request's key is a hole, so that {@link EnvelopeIdentityWorkload} writes, for any request, records of the same
 * count, sizes, keys and headers without running the flow. Immutable.
 *
 * @param requests   requests of the measured run
 * @param topics     per topic written, in name order
 * @param perRequest the records one request wrote, as templates, in topic then offset order
 * @param notes      what the templates do not reproduce, in words (empty when they reproduce everything)
 */
record WriteProfile(int requests, List<TopicWrites> topics, List<RecordTemplate> perRequest, List<String> notes) {
    /** The role of the flow's results topic (other topics are named by their suffix after the run's id). */
    static final String RESULTS = "results";

    WriteProfile {
        topics = List.copyOf(topics);
        perRequest = List.copyOf(perRequest);
        notes = List.copyOf(notes);
    }

    /**
     * Profiles {@code written}, the records of a run of {@code requestKeys}, by topic role.
     *
     * @param requestKeys the run's request keys, all of one length (so that none occurs inside another)
     * @param configs     the topic-level settings of each role's topic
     * @throws IllegalArgumentException when the keys differ in length, or no request can be told apart
     */
    static WriteProfile of(Map<String, List<Written>> written, List<String> requestKeys, Map<String, Map<String, String>> configs) {
        if (requestKeys.isEmpty() || requestKeys.stream().map(String::length).distinct().count() != 1) {
            throw new IllegalArgumentException("profile request keys must be non-empty and of one length: " + requestKeys);
        }
        Map<String, Map<String, List<Written>>> byRequest = new HashMap<>();
        List<TopicWrites> topics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<Written>> e : new TreeMap<>(written).entrySet()) {
            List<Written> records = e.getValue();
            int unattributed = 0;
            for (Written w : records) {
                String owner = requestKeys.stream().filter(w::mentions).findFirst().orElse(null);
                if (owner == null) {
                    unattributed++;
                } else {
                    byRequest.computeIfAbsent(owner, k -> new TreeMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(w);
                }
            }
            if (unattributed > 0) {
                notes.add(unattributed + " records on " + e.getKey() + " mention no request key: not mirrored");
            }
            topics.add(TopicWrites.of(e.getKey(), configs.getOrDefault(e.getKey(), Map.of()), records, requestKeys.size()));
        }
        Map<String, Integer> typical = typicalCounts(byRequest);
        String sample = requestKeys.stream().filter(k -> counts(byRequest.get(k)).equals(typical)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no request wrote the typical records " + typical));
        long others = requestKeys.stream().filter(k -> !counts(byRequest.get(k)).equals(typical)).count();
        if (others > 0) {
            notes.add(others + " of " + requestKeys.size() + " requests wrote other counts than " + typical + "; mirrored: the typical one");
        }
        byte[] key = sample.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<RecordTemplate> templates = new ArrayList<>();
        byRequest.get(sample).forEach((role, records) -> records.forEach(w -> templates.add(RecordTemplate.of(role, w, key))));
        return new WriteProfile(requestKeys.size(), topics, templates, notes);
    }

    private static Map<String, Integer> typicalCounts(Map<String, Map<String, List<Written>>> byRequest) {
        Map<Map<String, Integer>, Long> frequency = byRequest.values().stream()
                .collect(Collectors.groupingBy(WriteProfile::counts, Collectors.counting()));
        return frequency.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalArgumentException("no record mentions a request key"));
    }

    private static Map<String, Integer> counts(Map<String, List<Written>> records) {
        Map<String, Integer> counts = new TreeMap<>();
        if (records != null) {
            records.forEach((role, list) -> counts.put(role, list.size()));
        }
        return counts;
    }

    /** Records written per request, all topics together. */
    double recordsPerRequest() {
        return topics.stream().mapToDouble(TopicWrites::recordsPerRequest).sum();
    }

    /** Key and value bytes written per request, all topics together. */
    double bytesPerRequest() {
        return topics.stream().mapToDouble(t -> t.recordsPerRequest() * (t.keyBytes() + t.valueBytes())).sum();
    }

    /** A record as read back from a topic (null key or value as written). */
    record Written(byte[] key, byte[] value, Map<String, byte[]> headers) {
        Written {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        boolean mentions(String requestKey) {
            byte[] k = requestKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return Template.indexOf(key, k, 0) >= 0 || Template.indexOf(value, k, 0) >= 0
                    || headers.values().stream().anyMatch(h -> Template.indexOf(h, k, 0) >= 0);
        }
    }

    /**
     * What one topic received.
     *
     * @param role              {@link #RESULTS}, or the topic's name after the run's id (e.g. {@code .audit})
     * @param config            its topic-level settings (e.g. {@code cleanup.policy=compact})
     * @param recordsPerRequest records per request
     * @param keyBytes          mean key size
     * @param valueBytes        mean value size (tombstones count 0)
     * @param headers           header names seen, in order of first appearance
     */
    record TopicWrites(String role, Map<String, String> config, double recordsPerRequest, double keyBytes, double valueBytes,
                       List<String> headers) {
        TopicWrites {
            config = java.util.Collections.unmodifiableMap(new TreeMap<>(config));
            headers = List.copyOf(headers);
        }

        static TopicWrites of(String role, Map<String, String> config, List<Written> records, int requests) {
            double keys = records.stream().mapToInt(w -> w.key() == null ? 0 : w.key().length).average().orElse(0);
            double values = records.stream().mapToInt(w -> w.value() == null ? 0 : w.value().length).average().orElse(0);
            List<String> headers = records.stream().flatMap(w -> w.headers().keySet().stream()).distinct().toList();
            return new TopicWrites(role, config, (double) records.size() / requests, keys, values, headers);
        }
    }

    /**
     * One record of the typical request, as templates.
     *
     * @param role    its topic's role
     * @param key     key template
     * @param value   value template, null for a tombstone
     * @param headers header templates by name
     */
    record RecordTemplate(String role, Template key, Template value, Map<String, Template> headers) {
        RecordTemplate {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        static RecordTemplate of(String role, Written w, byte[] requestKey) {
            Map<String, Template> headers = new LinkedHashMap<>();
            w.headers().forEach((name, value) -> headers.put(name, Template.of(value, requestKey)));
            return new RecordTemplate(role, Template.of(w.key(), requestKey), w.value() == null ? null : Template.of(w.value(), requestKey),
                    headers);
        }

        /**
         * Whether the record goes to the request's partition, not where its key hashes: Kafka Streams writes a
         * store's changelog to its task's partition.
         */
        boolean samePartitionAsRequest() {
            return role.endsWith("-changelog");
        }
    }

    /**
     * Bytes with holes where a request key goes: {@code parts} joined by the key. Immutable, thread-safe.
     *
     * @param parts the bytes between the holes (one more than there are holes)
     */
    record Template(List<byte[]> parts) {
        Template {
            parts = parts.stream().map(byte[]::clone).toList();
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a template has at least one part");
            }
        }

        /** {@code bytes} with every occurrence of {@code key} made a hole. */
        static Template of(byte[] bytes, byte[] key) {
            List<byte[]> parts = new ArrayList<>();
            int from = 0;
            for (int at = indexOf(bytes, key, 0); at >= 0; at = indexOf(bytes, key, from)) {
                parts.add(Arrays.copyOfRange(bytes, from, at));
                from = at + key.length;
            }
            parts.add(Arrays.copyOfRange(bytes, from, bytes == null ? 0 : bytes.length));
            return new Template(parts);
        }

        /** The bytes with {@code key} in every hole. */
        byte[] fill(byte[] key) {
            int length = (parts.size() - 1) * key.length;
            for (byte[] p : parts) {
                length += p.length;
            }
            byte[] out = new byte[length];
            int at = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    System.arraycopy(key, 0, out, at, key.length);
                    at += key.length;
                }
                byte[] p = parts.get(i);
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }

        int holes() {
            return parts.size() - 1;
        }

        static int indexOf(byte[] bytes, byte[] key, int from) {
            if (bytes == null || key.length == 0) {
                return -1;
            }
            outer:
            for (int i = from; i <= bytes.length - key.length; i++) {
                for (int j = 0; j < key.length; j++) {
                    if (bytes[i + j] != key[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Template t && parts.size() == t.parts.size()
                    && java.util.stream.IntStream.range(0, parts.size()).allMatch(i -> Arrays.equals(parts.get(i), t.parts.get(i)));
        }

        @Override
        public int hashCode() {
            return Objects.hash(parts.stream().map(Arrays::hashCode).toList());
        }

        @Override
        public String toString() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out.writeBytes("{key}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                out.writeBytes(parts.get(i));
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The per-request records in words, e.g. for the report: {@code results 1 x 6+1289 B, .audit 2 x ...}. */
    String summary() {
        return topics.stream().sorted(Comparator.comparing(TopicWrites::role)).map(t -> String.format(
                "%s: %.2f records x (%.0f B key + %.0f B value)%s%s", t.role(), t.recordsPerRequest(), t.keyBytes(), t.valueBytes(),
                t.headers().isEmpty() ? "" : ", headers " + t.headers(), t.config().isEmpty() ? "" : ", " + t.config()))
                .collect(Collectors.joining("; "));
    }
}
