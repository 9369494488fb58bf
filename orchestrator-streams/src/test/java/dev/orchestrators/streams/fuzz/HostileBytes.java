package dev.orchestrators.streams.fuzz;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of request values: valid requests, JSON of every shape, near-JSON and raw bytes. */
final class HostileBytes {
    private HostileBytes() {
    }

    /** JSON values of every kind, nested a little, with odd strings (control characters, emoji, quotes). */
    static Arbitrary<Object> jsonValues(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.strings().withChars("\u0000\u001f\"\\\u2028\ud83d\ude00é").ofMaxLength(10).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite()).map(d -> (Object) d),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30)).map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = jsonValues(depth - 1).list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), jsonValues(depth - 1)).ofMaxSize(4).map(m -> (Object) m);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, leaf), net.jqwik.api.Tuple.of(2, list), net.jqwik.api.Tuple.of(2, map));
    }

    /** JSON objects, as payloads. */
    static Arbitrary<java.util.Map<String, Object>> payloads() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), jsonValues(2)).ofMaxSize(6);
    }

    /** Request values of every kind: well-formed requests, other JSON, truncated JSON, random bytes. */
    static Arbitrary<byte[]> requestValues() {
        Arbitrary<byte[]> wellFormed = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).injectNull(0.3), payloads())
                .as((runId, payload) -> json(runId == null ? java.util.Map.of("payload", payload)
                        : java.util.Map.of("run_id", runId, "payload", payload)));
        Arbitrary<byte[]> anyJson = jsonValues(3).map(HostileBytes::json);
        Arbitrary<byte[]> truncated = wellFormed.map(b -> java.util.Arrays.copyOf(b, Math.max(0, b.length / 2)));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.oneOf(wellFormed, wellFormed, anyJson, truncated, raw, Arbitraries.just(null));
    }

    static byte[] json(Object value) {
        try {
            return dev.orchestrators.streams.serde.Json.mapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
    }
}
