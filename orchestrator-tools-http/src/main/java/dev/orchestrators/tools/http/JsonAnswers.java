package dev.orchestrators.tools.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.json.Json;
import dev.orchestrators.core.tool.ToolResult;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a 2xx answer into a {@link ToolResult}:
 * <ul>
 *   <li>a JSON object: its fields, as the server sent them (no status is added: a result's fields become a
 *       record's fields, and {@code status} there would be noise);</li>
 *   <li>a JSON array: {@code {"records": [...]}}; with {@code records.pointer}, the array at that JSON pointer of the
 *       answer becomes {@code records} (a missing or non-array node is a permanent {@code MalformedResponse});</li>
 *   <li>another JSON value: {@code {"value": ...}};</li>
 *   <li>an empty body (204, or 200 without content): {@code {"status": <code>}}, so a caller can tell them apart;</li>
 *   <li>a body larger than {@code max.response.bytes}: permanent {@code ResponseTooLarge} (not read further);</li>
 *   <li>a body whose {@code Content-Type} is not JSON ({@code application/json} or {@code application/*+json}):
 *       permanent {@code UnexpectedContentType}, naming the media type but never the body; a body without a content
 *       type is read as JSON;</li>
 *   <li>a body that does not parse: permanent {@code MalformedResponse}.</li>
 * </ul>
 * Thread-safe.
 */
final class JsonAnswers {
    private static final ObjectMapper MAPPER = Json.mapper();
    private final JsonPointer recordsPointer;
    private final long maxResponseBytes;

    /**
     * @param recordsPointer the JSON pointer to the answer's list of records; {@code null}: none
     */
    JsonAnswers(JsonPointer recordsPointer, long maxResponseBytes) {
        this.recordsPointer = recordsPointer;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * The result a 2xx answer means.
     *
     * @throws PermanentException {@code ResponseTooLarge}, {@code UnexpectedContentType} or {@code MalformedResponse}
     */
    ToolResult read(Target target, int status, HttpHeaders headers, LimitedBody.Body body) {
        if (body.exceeded()) {
            throw new PermanentException("ResponseTooLarge", target.describe() + " answered " + status + " with a body "
                    + "larger than max.response.bytes=" + maxResponseBytes + headers.firstValue("Content-Length")
                    .map(length -> " (Content-Length " + length + ")").orElse("") + "; it was not read", null);
        }
        if (body.bytes().length == 0) {
            return ToolResult.of(Map.of("status", status));
        }
        String contentType = headers.firstValue("Content-Type").orElse("");
        if (!contentType.isBlank() && !isJson(contentType)) {
            throw new PermanentException("UnexpectedContentType", target.describe() + " answered " + status
                    + " with content type '" + mediaType(contentType) + "', not JSON", null);
        }
        try {
            return ToolResult.of(recordsPointer == null ? fields(MAPPER.readValue(body.bytes(), Object.class))
                    : records(target, MAPPER.readTree(body.bytes())));
        } catch (IOException e) {
            throw new PermanentException("MalformedResponse", target.describe() + " answered " + status
                    + " with a body that is not valid JSON", null);
        }
    }

    /** The answer read straight into maps and lists (no tree in between: this is every call's cost). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Object answer) {
        if (answer instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        if (answer instanceof List<?> array) {
            return Map.of("records", array);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("value", answer);
        return value;
    }

    private Map<String, Object> records(Target target, JsonNode answer) {
        JsonNode records = answer == null ? null : answer.at(recordsPointer);
        if (records == null || !records.isArray()) {
            throw new PermanentException("MalformedResponse", target.describe() + " answered without a list at "
                    + "records.pointer " + recordsPointer, null);
        }
        return Map.of("records", MAPPER.convertValue(records, List.class));
    }

    /** Whether {@code contentType} is JSON: {@code application/json} or a {@code +json} type, any parameters. */
    static boolean isJson(String contentType) {
        String type = mediaType(contentType).toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** The media type of a {@code Content-Type} without its parameters, on one short line. */
    static String mediaType(String contentType) {
        String type = contentType.contains(";") ? contentType.substring(0, contentType.indexOf(';')) : contentType;
        type = type.trim().replaceAll("[^\\x21-\\x7E]", "?");
        return type.length() > 80 ? type.substring(0, 80) + "..." : type;
    }
}
