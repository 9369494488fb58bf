package dev.orchestrators.streams.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry in memory, for tests of Avro flows (with the test kit's {@code FlowTestDriver}, or embedded): ids
 * are handed out from 1, each subject keeps its versions, and every subject checks new versions for BACKWARD
 * compatibility (the Confluent default) with Avro's own checker. It records what it was asked ({@link #calls()}) and
 * can be made unreachable ({@link #unavailable(boolean)}). It ships in the main jar, beside the REST client, as the
 * in-memory implementations of core's SPIs do, so that a test of an Avro flow needs no registry server.
 *
 * <pre>{@code
 * InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
 * WireFormats wire = WireFormats.of(Map.of("lead_sync", WireFormat.avro(registry, SubjectNameStrategy.TOPIC, true)), WireFormat.json());
 * FlowTestDriver flow = FlowTestDriver.newBuilder(leadSync).wireFormats(wire).build();
 * }</pre>
 *
 * <p>Nothing is kept across instances or processes. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private boolean unavailable;

    @Override
    public synchronized int register(String subject, Schema schema) {
        answer("register " + subject);
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (int id : versions) {
            if (byId.get(id).equals(schema)) {
                return id;
            }
        }
        if (!versions.isEmpty() && !compatible(schema, byId.get(versions.get(versions.size() - 1)))) {
            throw new SchemaRegistryRejectedException("schema is incompatible with the latest version of " + subject, 409, 409);
        }
        int id = idFor(schema);
        versions.add(id);
        return id;
    }

    /** Stores {@code schema} under a new id without any subject (as another subject of the registry would). */
    public synchronized int add(Schema schema) {
        return idFor(schema);
    }

    private int idFor(Schema schema) {
        for (Map.Entry<Integer, Schema> entry : byId.entrySet()) {
            if (entry.getValue().equals(schema)) {
                return entry.getKey();
            }
        }
        int id = byId.size() + 1;
        byId.put(id, schema);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        answer("look up " + subject);
        for (int id : subjects.getOrDefault(subject, List.of())) {
            if (byId.get(id).equals(schema)) {
                return id;
            }
        }
        throw new SchemaNotFoundException("subject " + subject + " has no such schema");
    }

    @Override
    public synchronized Schema schemaById(int id) {
        answer("schema " + id);
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("no schema with id " + id);
        }
        return schema;
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        answer("compatibility " + subject);
        List<Integer> versions = subjects.getOrDefault(subject, List.of());
        return versions.isEmpty() || compatible(schema, byId.get(versions.get(versions.size() - 1)));
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    /** The subjects that have versions, and their ids in order. */
    public synchronized Map<String, List<Integer>> subjects() {
        Map<String, List<Integer>> copy = new HashMap<>();
        subjects.forEach((subject, ids) -> copy.put(subject, List.copyOf(ids)));
        return copy;
    }

    /** What it was asked, in order: {@code register <subject>}, {@code look up <subject>}, {@code schema <id>}, ... */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** From now on every call fails as an unreachable registry would ({@code true}), or succeeds again. */
    public synchronized void unavailable(boolean value) {
        this.unavailable = value;
    }

    private void answer(String call) {
        calls.add(call);
        if (unavailable) {
            throw new SchemaRegistryUnavailableException("in-memory registry made unavailable", null);
        }
    }
}
