package dev.orchestrators.harness.chaos;

import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The requests of a chaos run, drawn from a seeded generator so a run can be repeated: valid requests to
 * {@code lead_sync} and {@code account_provisioning} (some that the flow answers FAILED, some without a key or
 * a run id, some just under the size limit), and hostile ones at the configured share: malformed JSON, JSON of
 * the wrong shape, no value, over the size limit, invalid UTF-8, a run id over its limit, too many headers.
 * Each valid request has a run id the verifier looks for; each hostile one a {@code chaos_id} header its dead
 * letter keeps. Not thread-safe.
 */
final class RequestMix {
    static final String CHAOS_ID = "chaos_id";
    static final String LEAD_SYNC = "lead_sync";
    static final String SAGA = "account_provisioning";
    /** The request size limit the chaos workers run with. */
    static final int REQUEST_LIMIT = 20_000;

    private final SplittableRandom random;
    private final double hostileShare;
    private final String runPrefix;
    private long sequence;

    RequestMix(long seed, double hostileShare, String runPrefix) {
        this.random = new SplittableRandom(seed);
        this.hostileShare = hostileShare;
        this.runPrefix = runPrefix;
    }

    /** One planned request: where it goes, what it is, and how the verifier will recognise its outcome. */
    record Planned(String flow, boolean hostile, String id, String kind, ProducerRecord<byte[], byte[]> record) {
    }

    Planned next() {
        long n = sequence++;
        return random.nextDouble() < hostileShare ? hostile(n) : valid(n);
    }

    private Planned valid(long n) {
        String runId = runPrefix + n;
        boolean saga = random.nextDouble() < 0.3;
        String flow = saga ? SAGA : LEAD_SYNC;
        String key = (saga ? "A-" : "L-") + runPrefix + n;
        String payload;
        String kind;
        double shape = random.nextDouble();
        if (saga) {
            String plan = shape < 0.1 ? "legacy" : "team"; // legacy: the third step fails, two compensations
            payload = "{\"account_id\":\"" + key + "\",\"email\":\"" + n + "@acme.example\",\"plan\":\"" + plan + "\"}";
            kind = plan.equals("legacy") ? "saga_compensated" : "saga";
        } else if (shape < 0.03) {
            payload = "{\"lead\":\"" + key + "\"}"; // no lead_id: answered FAILED (InvalidPayload), still one envelope
            kind = "flow_rejects";
        } else if (shape < 0.05) {
            payload = "{\"lead_id\":\"" + key + "\",\"pad\":\"" + "p".repeat(REQUEST_LIMIT - 200) + "\"}"; // just under the limit
            kind = "near_limit";
        } else {
            payload = "{\"lead_id\":\"" + key + "\"}";
            kind = "lead";
        }
        boolean noKey = random.nextDouble() < 0.03;
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TopicNames.requests(flow), noKey ? null : utf8(key),
                utf8("{\"run_id\":\"" + runId + "\",\"payload\":" + payload + "}"));
        if (random.nextDouble() < 0.03) {
            record.headers().add("x-odd", new byte[] {(byte) 0xFF, 0, (byte) 0xFE}); // odd bytes, within the limits
        }
        return new Planned(flow, false, runId, noKey ? kind + "_no_key" : kind, record);
    }

    private Planned hostile(long n) {
        String id = runPrefix + "h" + n;
        String flow = random.nextDouble() < 0.7 ? LEAD_SYNC : SAGA;
        RecordHeaders headers = new RecordHeaders();
        headers.add(CHAOS_ID, utf8(id));
        byte[] key = random.nextDouble() < 0.2 ? null : utf8("bad-" + n);
        byte[] value;
        String kind;
        switch (random.nextInt(7)) {
            case 0 -> {
                value = utf8("{\"run_id\":\"" + id + "\",\"payload\":{\"lead_id\":");
                kind = "malformed_json";
            }
            case 1 -> {
                value = utf8(random.nextBoolean() ? "[1,2,3]" : "{\"payload\":\"not an object\"}");
                kind = "wrong_shape";
            }
            case 2 -> {
                value = null;
                kind = "no_value";
            }
            case 3 -> {
                value = utf8("{\"payload\":{\"lead_id\":\"x\",\"pad\":\"" + "o".repeat(REQUEST_LIMIT + 100) + "\"}}");
                kind = "over_size";
            }
            case 4 -> {
                value = new byte[] {'{', '"', 'p', 'a', 'y', 'l', 'o', 'a', 'd', '"', ':', '{', '"', 'x', '"', ':', '"',
                    (byte) 0xC3, (byte) 0x28, '"', '}', '}'};
                kind = "invalid_utf8";
            }
            case 5 -> {
                value = utf8("{\"run_id\":\"" + "r".repeat(300) + "\",\"payload\":{\"lead_id\":\"x\"}}");
                kind = "run_id_too_long";
            }
            default -> {
                for (int i = 0; i < 80; i++) {
                    headers.add("h" + i, new byte[] {1});
                }
                value = utf8("{\"payload\":{\"lead_id\":\"x\"}}");
                kind = "too_many_headers";
            }
        }
        return new Planned(flow, true, id, kind, new ProducerRecord<>(TopicNames.requests(flow), null, null, key, value, headers));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The chaos id of a dead letter, or {@code null}. */
    static String chaosIdOf(org.apache.kafka.common.header.Headers headers) {
        return Headers.lastValue(headers, CHAOS_ID);
    }
}
