package dev.orchestrators.streams.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The Avro schemas of the wire format, as committed in {@code schemas/*.avsc} (and shipped in this jar under
 * {@code schemas/}): each named type is defined once and used by the files after it. The runtime writes
 * {@link #REQUEST} and {@link #ENVELOPE} on Avro flows; the others describe the JSON-only topics (audit,
 * compensations, jobs) and dead letters in Avro for pipelines that convert them. Immutable.
 */
public final class AvroSchemas {
    /** The schema files, in the order they are parsed (a file uses only types defined before it). */
    public static final List<String> FILES = List.of("provenance.avsc", "record.avsc", "envelope.avsc", "request.avsc",
            "audit-entry.avsc", "dead-letter.avsc", "compensation.avsc", "scheduled-job.avsc", "job-command.avsc");

    private static final Map<String, Schema> BY_FILE = load();

    public static final Schema PROVENANCE = BY_FILE.get("provenance.avsc");
    public static final Schema ENVELOPE_RECORD = BY_FILE.get("record.avsc");
    public static final Schema ENVELOPE = BY_FILE.get("envelope.avsc");
    public static final Schema REQUEST = BY_FILE.get("request.avsc");
    public static final Schema AUDIT_ENTRY = BY_FILE.get("audit-entry.avsc");
    public static final Schema DEAD_LETTER = BY_FILE.get("dead-letter.avsc");
    public static final Schema COMPENSATION = BY_FILE.get("compensation.avsc");
    public static final Schema SCHEDULED_JOB = BY_FILE.get("scheduled-job.avsc");
    public static final Schema JOB_COMMAND = BY_FILE.get("job-command.avsc");

    private AvroSchemas() {
    }

    /** Every schema by its file name, in {@link #FILES} order. */
    public static Map<String, Schema> byFile() {
        return BY_FILE;
    }

    private static Map<String, Schema> load() {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> out = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = AvroSchemas.class.getResourceAsStream("/schemas/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + file + " is missing from the classpath (schemas/" + file + ")");
                }
                out.put(file, parser.parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schemas/" + file, e);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
