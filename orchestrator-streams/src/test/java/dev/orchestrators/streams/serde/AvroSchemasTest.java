package dev.orchestrators.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

/**
 * The Avro schemas in {@code schemas/} are a contract: documented, in step with the JSON Schemas beside them, and
 * backward compatible with every version released before (kept in {@code schemas/history/<name>.v<N>.avsc}, so the
 * check needs no git history and works on a shallow clone).
 */
class AvroSchemasTest {
    private static final Path SCHEMAS = Path.of("..", "schemas");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each Avro schema that has a JSON Schema of its own (the others are checked nested inside these). */
    private static final Map<String, String> JSON_SCHEMA_OF = Map.of(
            "request.avsc", "request.schema.json",
            "envelope.avsc", "envelope.schema.json",
            "audit-entry.avsc", "audit-entry.schema.json",
            "dead-letter.avsc", "dead-letter.schema.json",
            "compensation.avsc", "compensation.schema.json",
            "job-command.avsc", "job-command.schema.json");

    @Test
    void shouldLoadEverySchemaFileInTheDirectory() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".avsc")))
                    .containsExactlyInAnyOrderElementsOf(AvroSchemas.FILES);
        }
        for (Map.Entry<String, Schema> loaded : AvroSchemas.byFile().entrySet()) {
            String file = loaded.getKey();
            assertThat(loaded.getValue()).as(file).isEqualTo(parseAlone(Files.readString(SCHEMAS.resolve(file)), file));
        }
    }

    @Test
    void shouldDocumentEveryTypeAndField() {
        List<String> undocumented = new ArrayList<>();
        AvroSchemas.byFile().values().forEach(schema -> collectUndocumented(schema, new HashSet<>(), undocumented));

        assertThat(undocumented).as("types and fields without \"doc\"").isEmpty();
    }

    @Test
    void shouldStayBackwardCompatibleWithEveryReleasedVersion() throws IOException {
        for (String file : AvroSchemas.FILES) {
            List<Path> released = releasedVersions(file);
            assertThat(released).as("schemas/history has no released version of " + file + "; add one: copy the schema, "
                    + "self-contained (AvroSchemas.byFile().get(\"" + file + "\").toString(true)), to "
                    + "schemas/history/" + stem(file) + ".v1.avsc").isNotEmpty();
            Schema current = AvroSchemas.byFile().get(file);
            for (Path version : released) {
                Schema old = new Schema.Parser().parse(version.toFile());
                SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
                assertThat(result.getType()).as(file + " cannot read data written with " + version.getFileName() + ": "
                        + result.getResult().getIncompatibilities()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void shouldHaveTheFieldsOfTheJsonSchemas() throws IOException {
        for (Map.Entry<String, String> pair : JSON_SCHEMA_OF.entrySet()) {
            List<String> differences = new ArrayList<>();
            compare(AvroSchemas.byFile().get(pair.getKey()), jsonSchema(pair.getValue()), pair.getKey(), differences);
            assertThat(differences).as(pair.getKey() + " against " + pair.getValue()).isEmpty();
        }
    }

    private static void compare(Schema avro, JsonNode json, String at, List<String> differences) throws IOException {
        if (json.has("$ref")) {
            json = jsonSchema(json.get("$ref").asText());
        }
        Schema type = nonNull(avro);
        if (json.has("enum")) {
            Set<String> symbols = new TreeSet<>();
            json.get("enum").forEach(s -> symbols.add(s.asText()));
            if (type.getType() != Schema.Type.ENUM || !symbols.equals(new TreeSet<>(type.getEnumSymbols()))) {
                differences.add(at + ": JSON enum " + symbols + ", Avro " + type);
            }
            return;
        }
        String jsonType = json.path("type").isArray() ? json.path("type").get(0).asText() : json.path("type").asText();
        switch (jsonType) {
            case "object" -> {
                if (type.getType() == Schema.Type.STRING || type.getType() == Schema.Type.MAP) {
                    return; // a free-form object: JSON text in Avro (or a map of strings)
                }
                if (type.getType() != Schema.Type.RECORD) {
                    differences.add(at + ": JSON object, Avro " + type.getType());
                    return;
                }
                Set<String> required = new HashSet<>();
                json.path("required").forEach(r -> required.add(r.asText()));
                Set<String> jsonFields = new TreeSet<>();
                json.path("properties").fieldNames().forEachRemaining(jsonFields::add);
                Set<String> avroFields = new TreeSet<>();
                type.getFields().forEach(f -> avroFields.add(f.name()));
                if (!jsonFields.equals(avroFields)) {
                    differences.add(at + ": JSON fields " + jsonFields + ", Avro fields " + avroFields);
                    return;
                }
                for (Schema.Field field : type.getFields()) {
                    JsonNode property = json.get("properties").get(field.name());
                    boolean jsonOptional = !required.contains(field.name()) || property.path("type").toString().contains("\"null\"");
                    if (jsonOptional != isNullable(field.schema())) {
                        differences.add(at + "." + field.name() + ": " + (jsonOptional ? "optional" : "required") + " in JSON, "
                                + (isNullable(field.schema()) ? "nullable" : "not nullable") + " in Avro");
                    }
                    compare(field.schema(), property, at + "." + field.name(), differences);
                }
            }
            case "array" -> {
                if (type.getType() != Schema.Type.ARRAY) {
                    differences.add(at + ": JSON array, Avro " + type.getType());
                } else {
                    compare(type.getElementType(), json.path("items"), at + "[]", differences);
                }
            }
            case "string" -> {
                boolean dateTime = "date-time".equals(json.path("format").asText());
                boolean base64 = "base64".equals(json.path("contentEncoding").asText());
                Schema.Type expected = dateTime ? Schema.Type.LONG : base64 ? Schema.Type.BYTES : Schema.Type.STRING;
                if (type.getType() != expected || dateTime != (type.getLogicalType() instanceof LogicalTypes.TimestampMicros)) {
                    differences.add(at + ": JSON string" + (dateTime ? " (date-time)" : "") + ", Avro " + type);
                }
            }
            case "integer" -> {
                if (type.getType() != Schema.Type.INT && type.getType() != Schema.Type.LONG) {
                    differences.add(at + ": JSON integer, Avro " + type.getType());
                }
            }
            case "number" -> {
                if (type.getType() != Schema.Type.DOUBLE && type.getType() != Schema.Type.FLOAT) {
                    differences.add(at + ": JSON number, Avro " + type.getType());
                }
            }
            case "boolean" -> {
                if (type.getType() != Schema.Type.BOOLEAN) {
                    differences.add(at + ": JSON boolean, Avro " + type.getType());
                }
            }
            default -> differences.add(at + ": JSON type '" + jsonType + "' has no Avro counterpart here");
        }
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private static Schema nonNull(Schema schema) {
        return schema.getType() != Schema.Type.UNION ? schema
                : schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static void collectUndocumented(Schema schema, Set<String> seen, List<String> undocumented) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        undocumented.add(schema.getFullName() + "." + field.name());
                    }
                    collectUndocumented(field.schema(), seen, undocumented);
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, undocumented);
            case MAP -> collectUndocumented(schema.getValueType(), seen, undocumented);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, seen, undocumented));
            default -> { }
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }

    private static List<Path> releasedVersions(String file) throws IOException {
        Path history = SCHEMAS.resolve("history");
        try (Stream<Path> files = Files.list(history)) {
            return files.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(stem(file)) + "\\.v\\d+\\.avsc"))
                    .sorted().toList();
        }
    }

    private static String stem(String file) {
        return file.substring(0, file.length() - ".avsc".length());
    }

    /** {@code text} parsed with the schemas it may use, as {@link AvroSchemas} parses it. */
    private static Schema parseAlone(String text, String file) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        for (String earlier : AvroSchemas.FILES) {
            if (earlier.equals(file)) {
                break;
            }
            parser.parse(SCHEMAS.resolve(earlier).toFile());
        }
        return parser.parse(text);
    }

    private static JsonNode jsonSchema(String file) throws IOException {
        return JSON.readTree(SCHEMAS.resolve(file).toFile());
    }
}
