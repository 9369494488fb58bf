package dev.orchestrators.streams.serde;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.config.RequestLimits;
import dev.orchestrators.streams.registry.SchemaRegistry;
import dev.orchestrators.streams.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an Avro request in the registry wire format: byte {@code 0}, the writer's schema id (4 bytes, big-endian),
 * the Avro binary. The writer's schema is taken from the registry by id (once per id) and resolved against
 * {@link AvroSchemas#REQUEST}, so a producer may write any compatible schema (an older one, one with fields of its
 * own, a record with a name of its own: fields are matched by name). Anything else is refused with a {@link SerializationException} that says what is wrong, and the flow
 * dead-letters the original bytes: not the wire format (a wrong magic byte, fewer than 5 bytes), an id the registry
 * does not know, a schema that cannot be read as a request, truncated or corrupt data, a payload that is not a JSON
 * object.
 *
 * <p>The limits of the JSON format hold: the value's size, the payload's nesting depth, the run id's length; no
 * length or item count in the data can make it allocate more than the value's size ({@link BoundedDecoder}), and a
 * writer's schema that is recursive or nested deeper than the limit is refused. A registry that cannot be reached is
 * not the request's fault: {@link SchemaRegistryUnavailableException} is thrown as is, and the flow stops on the
 * request and reads it again later instead of dead-lettering it. Thread-safe.
 */
final class AvroRequestDeserializer implements Deserializer<Request> {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final SchemaRegistry registry;
    private final RequestLimits limits;
    private final ObjectMapper payloads;
    /** By writer schema id: the reader resolving it to a request, or why it cannot. */
    private final Map<Integer, Object> readers = new ConcurrentHashMap<>();

    AvroRequestDeserializer(SchemaRegistry registry, RequestLimits limits) {
        this.registry = registry;
        this.limits = limits;
        this.payloads = Json.mapper().copy();
        payloads.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.nestingDepth())
                .maxStringLength(Math.max(1, limits.requestBytes()))
                .build());
    }

    @Override
    public Request deserialize(String topic, byte[] bytes) {
        String on = "request on " + topic;
        if (bytes == null) {
            throw new SerializationException(on + " has no value (null)");
        }
        if (bytes.length > limits.requestBytes()) {
            throw new SerializationException(on + " is " + bytes.length + " bytes, over the limit of "
                    + limits.requestBytes() + " (" + OrchestratorConfig.LIMIT_REQUEST_BYTES_CONFIG + ")");
        }
        if (bytes.length < AvroEncoding.HEADER_BYTES || bytes[0] != AvroEncoding.MAGIC) {
            throw new SerializationException(on + " is not in the schema-registry wire format (byte 0, a 4-byte schema id, "
                    + "Avro): " + (bytes.length < AvroEncoding.HEADER_BYTES ? "only " + bytes.length + " bytes"
                    : String.format("first byte 0x%02x, not the magic byte 0x00", bytes[0] & 0xff)));
        }
        int id = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        GenericDatumReader<GenericRecord> reader = readerFor(on, id);
        BoundedDecoder decoder = new BoundedDecoder(bytes, AvroEncoding.HEADER_BYTES, bytes.length - AvroEncoding.HEADER_BYTES);
        GenericRecord record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
            throw new SerializationException(on + " is not valid Avro of schema id " + id + ", truncated or corrupt: "
                    + e.getMessage(), e);
        }
        if (decoder.remaining() > 0) {
            throw new SerializationException(on + " has " + decoder.remaining() + " bytes after the Avro value of schema id "
                    + id + " (corrupt, or written with another schema)");
        }
        return new Request(runId(on, record.get("run_id")), payload(on, record.get("payload")));
    }

    private GenericDatumReader<GenericRecord> readerFor(String on, int id) {
        Object reader = readers.get(id);
        if (reader == null) {
            Schema writer;
            try {
                writer = registry.schemaById(id);
            } catch (SchemaRegistryUnavailableException e) {
                throw e;
            } catch (PermanentException e) {
                throw new SerializationException(on + " names schema id " + id + ", which the registry has no usable "
                        + "schema for: " + e.getMessage(), e);
            }
            reader = resolve(id, writer);
            readers.putIfAbsent(id, reader);
        }
        if (reader instanceof String whyNot) {
            throw new SerializationException(on + " " + whyNot);
        }
        @SuppressWarnings("unchecked")
        GenericDatumReader<GenericRecord> resolved = (GenericDatumReader<GenericRecord>) reader;
        return resolved;
    }

    /** A reader of {@code writer}'s data as a request, or why there is none. */
    private Object resolve(int id, Schema writer) {
        String tooDeep = nesting(writer, 0, new HashSet<>());
        if (tooDeep != null) {
            return "is written with schema id " + id + " (" + writer.getFullName() + "), which is " + tooDeep;
        }
        Schema reader = AvroSchemas.REQUEST;
        if (writer.getType() == Schema.Type.RECORD && !writer.getFullName().equals(reader.getFullName())) {
            // A producer's record may have a name of its own: its fields are what count.
            reader = new Schema.Parser().parse(AvroSchemas.REQUEST.toString());
            reader.addAlias(writer.getFullName());
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return "is written with schema id " + id + " (" + writer.getFullName() + "), which cannot be read as a "
                    + AvroSchemas.REQUEST.getFullName() + ": " + compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getMessage() + " at " + i.getLocation()).toList();
        }
        return new GenericDatumReader<GenericRecord>(writer, reader);
    }

    /** Why {@code schema} nests too deep or is recursive, or {@code null} when it is fine. */
    private String nesting(Schema schema, int depth, Set<String> path) {
        if (depth > limits.nestingDepth()) {
            return "nested deeper than " + limits.nestingDepth() + " (" + OrchestratorConfig.LIMIT_NESTING_DEPTH_CONFIG + ")";
        }
        return switch (schema.getType()) {
            case RECORD -> {
                if (!path.add(schema.getFullName())) {
                    yield "recursive (" + schema.getFullName() + " contains itself)";
                }
                String found = null;
                for (Schema.Field field : schema.getFields()) {
                    found = found != null ? found : nesting(field.schema(), depth + 1, path);
                }
                path.remove(schema.getFullName());
                yield found;
            }
            case ARRAY -> nesting(schema.getElementType(), depth + 1, path);
            case MAP -> nesting(schema.getValueType(), depth + 1, path);
            case UNION -> schema.getTypes().stream().map(t -> nesting(t, depth, path))
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            default -> null;
        };
    }

    private String runId(String on, Object value) {
        if (value == null) {
            return null;
        }
        String runId = value.toString();
        if (runId.isBlank()) {
            throw new SerializationException(on + ": 'run_id' must be a non-blank string when given");
        }
        if (runId.length() > limits.runIdLength()) {
            throw new SerializationException(on + ": 'run_id' is " + runId.length() + " characters, over the limit of "
                    + limits.runIdLength() + " (" + OrchestratorConfig.LIMIT_RUN_ID_LENGTH_CONFIG + ")");
        }
        return runId;
    }

    private Map<String, Object> payload(String on, Object value) {
        Map<String, Object> payload;
        try {
            payload = payloads.readValue(value.toString(), OBJECT);
        } catch (StreamConstraintsException e) {
            throw new SerializationException(on + ": 'payload' is over a parser limit: " + e.getOriginalMessage()
                    + " (" + OrchestratorConfig.LIMIT_NESTING_DEPTH_CONFIG + ")", e);
        } catch (JsonParseException e) {
            throw new SerializationException(on + ": 'payload' is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (MismatchedInputException e) {
            throw new SerializationException(on + ": 'payload' must be a JSON object: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof StreamConstraintsException limit) {
                throw new SerializationException(on + ": 'payload' is over a parser limit: " + limit.getOriginalMessage()
                        + " (" + OrchestratorConfig.LIMIT_NESTING_DEPTH_CONFIG + ")", e);
            }
            throw new SerializationException(on + ": 'payload' cannot be read: " + e.getMessage(), e);
        }
        if (payload == null) {
            throw new SerializationException(on + ": 'payload' must be a JSON object, was null");
        }
        return payload;
    }
}
