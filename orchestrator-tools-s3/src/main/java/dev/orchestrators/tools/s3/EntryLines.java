package dev.orchestrators.tools.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.kinds.archiver.ArchiveEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The lines of a batch object, the same as {@code FileArchiveStore}'s segments, so one reader serves both:
 * {@code {"key":..., "run_id":..., "flow":..., "archived_at":..., "envelope": <the envelope JSON as given>}}
 * and a newline, the envelope's bytes spliced in as they came (never re-encoded). Stateless and thread-safe.
 */
final class EntryLines {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private EntryLines() {
    }

    /**
     * The line of {@code entry}.
     *
     * @throws IllegalArgumentException when the envelope JSON is not one JSON object on one line
     */
    static byte[] encode(ArchiveEntry entry) {
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
     * Every entry in a gzip-compressed batch object.
     *
     * @throws IOException when the object is not a batch this store wrote
     */
    static List<ArchiveEntry> decodeBatch(byte[] gzipped) throws IOException {
        List<ArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            byte[] all = in.readAllBytes();
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == '\n') {
                    entries.add(decode(Arrays.copyOfRange(all, start, i)));
                    start = i + 1;
                }
            }
        }
        return entries;
    }

    private static ArchiveEntry decode(byte[] line) throws IOException {
        String key = null;
        String runId = null;
        String flow = null;
        Instant archivedAt = null;
        byte[] envelope = null;
        try (JsonParser parser = FACTORY.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an archive line must be a JSON object");
            }
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
                        envelope = Arrays.copyOfRange(line, start, (int) parser.currentLocation().getByteOffset());
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("archive line cannot be read: " + e.getMessage(), e);
        }
        if (key == null || runId == null || flow == null || archivedAt == null || envelope == null) {
            throw new IOException("an archive line needs key, run_id, flow, archived_at and envelope");
        }
        return new ArchiveEntry(key, runId, flow, archivedAt, envelope);
    }

    private static void requireOneObjectOnOneLine(String key, byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                throw new IllegalArgumentException("the envelope JSON of " + S3ArchiveStore.shorten(key)
                        + " spans lines; archive it compact");
            }
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the envelope JSON of " + S3ArchiveStore.shorten(key) + " is not a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("the envelope JSON of " + S3ArchiveStore.shorten(key)
                        + " has content after its object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the envelope JSON of " + S3ArchiveStore.shorten(key) + " is not well-formed: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
