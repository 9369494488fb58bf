package dev.orchestrators.tools.s3;

import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import dev.orchestrators.localservers.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/** Settings and read-back helpers for stores on a {@link LocalS3}; each call gives a prefix of its own. */
final class LocalS3Archive {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private LocalS3Archive() {
    }

    static LocalS3 start() {
        Assumptions.assumeTrue(LocalS3.unavailableReason().isEmpty(),
                () -> LocalS3.unavailableReason().orElseThrow() + "; add org.gaul:s3proxy to orchestrator-local-servers");
        return LocalS3.startTemporary();
    }

    /** The settings of a store on {@code s3} under a new prefix, with {@code extra} keys (relative to archive.s3.). */
    static Map<String, String> settings(LocalS3 s3, String... extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("archive.s3.bucket", s3.bucket());
        settings.put("archive.s3.prefix", "test-" + PREFIXES.incrementAndGet() + "/archive/");
        settings.put("archive.s3.endpoint", s3.endpoint().toString());
        settings.put("archive.s3.path.style", "true");
        settings.put("archive.s3.access.key.id", "file:" + s3.accessKeyIdFile());
        settings.put("archive.s3.secret.access.key", "file:" + s3.secretAccessKeyFile());
        settings.put("archive.s3.timeout.ms", "3000");
        for (int i = 0; i < extra.length; i += 2) {
            settings.put("archive.s3." + extra[i], extra[i + 1]);
        }
        return settings;
    }

    static ArchiveEntry entry(String key) {
        String json = "{\"run_id\":" + quote(key) + ",\"status\":\"OK\"}";
        return new ArchiveEntry(key, "run-" + key.hashCode(), "lead_sync", T0, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The object keys under {@code prefix}. */
    static List<String> objects(LocalS3 s3, String prefix) {
        return s3.keys().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    /** Every entry of every batch object under {@code prefix}, by object key order. */
    static List<ArchiveEntry> entries(LocalS3 s3, String prefix) {
        List<ArchiveEntry> entries = new ArrayList<>();
        for (String key : objects(s3, prefix)) {
            try {
                entries.addAll(EntryLines.decodeBatch(s3.read(s3.bucket(), key).orElseThrow()));
            } catch (IOException e) {
                throw new UncheckedIOException(key, e);
            }
        }
        return entries;
    }

    private static String quote(String text) {
        try {
            return dev.orchestrators.core.json.Json.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
