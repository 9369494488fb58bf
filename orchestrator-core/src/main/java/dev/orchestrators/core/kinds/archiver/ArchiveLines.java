package dev.orchestrators.core.kinds.archiver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * One archive line: {@code {"key":..., "run_id":..., "flow":..., "archived_at":..., "envelope": <raw JSON>}}
 * and a newline. The envelope's bytes are spliced in and read back as they are, never re-encoded, so what
 * is archived is exactly what was on the wire. Every archive store that writes lines (the file archive's segments,
 * the S3 archive's batch objects) writes these, so one reader serves them all. Stateless and thread-safe.
 */
public final class ArchiveLines {
    /** How much of a key a message shows (a key comes from a request and may be long). */
    private static final int KEY_IN_MESSAGES = 200;

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ArchiveLines() {
    }

    /**
     * The line of {@code entry}, its newline included.
     *
     * @throws IllegalArgumentException when the envelope JSON is not one JSON object on one line
     */
    public static byte[] encode(ArchiveEntry entry) {
        byte[] envelope = entry.envelopeJson();
        requireOneObjectOnOneLine(entry.key(), envelope);
        ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 160);
        try {
            out.write(ascii("{\"key\":"));
            out.write(MAPPER.writeValueAsBytes(entry.key()));
            out.write(ascii(",\"run_id\":"));
            out.write(MAPPER.writeValueAsBytes(entry.runId()));
            out.write(ascii(",\"flow\":"));
            out.write(MAPPER.writeValueAsBytes(entry.flow()));
            out.write(ascii(",\"archived_at\":"));
            out.write(MAPPER.writeValueAsBytes(entry.archivedAt()));
            out.write(ascii(",\"envelope\":"));
            out.write(envelope);
            out.write(ascii("}\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e); // cannot happen: no I/O
        }
        return out.toByteArray();
    }

    /**
     * Reads a line written by {@link #encode} (without its newline).
     *
     * @throws IOException when the line is not one
     */
    public static ArchiveEntry decode(byte[] line) throws IOException {
        String key = null;
        String runId = null;
        String flow = null;
        Instant archivedAt = null;
        byte[] envelope = null;
        try (JsonParser parser = FACTORY.createParser(line)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "an archive line must be a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "key" -> key = parser.getValueAsString();
                    case "run_id" -> runId = parser.getValueAsString();
                    case "flow" -> flow = parser.getValueAsString();
                    case "archived_at" -> archivedAt = Instant.parse(parser.getValueAsString());
                    case "envelope" -> {
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getByteOffset();
                        envelope = Arrays.copyOfRange(line, start, end);
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("archive line cannot be read: " + e.getMessage(), e);
        }
        expect(key != null && runId != null && flow != null && archivedAt != null && envelope != null,
                "an archive line needs key, run_id, flow, archived_at and envelope");
        return new ArchiveEntry(key, runId, flow, archivedAt, envelope);
    }

    /** The key of a line, read without decoding the rest (it is the first field). */
    static String key(byte[] line) throws IOException {
        try (JsonParser parser = FACTORY.createParser(line)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "an archive line must be a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("key")) {
                    return parser.getValueAsString();
                }
                parser.skipChildren();
            }
        }
        throw new IOException("archive line without a key");
    }

    static void requireOneObjectOnOneLine(String fullKey, byte[] json) {
        String key = fullKey.length() <= KEY_IN_MESSAGES ? fullKey : fullKey.substring(0, KEY_IN_MESSAGES) + "...";
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                throw new IllegalArgumentException("the envelope JSON of " + key + " spans lines; archive it compact");
            }
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the envelope JSON of " + key + " is not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the envelope JSON of " + key + " has content after its object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the envelope JSON of " + key + " is not well-formed: " + e.getMessage(), e);
        }
    }

    private static void expect(boolean condition, String message) throws IOException {
        if (!condition) {
            throw new IOException(message);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
