package dev.orchestrators.streams.internals;

import dev.orchestrators.core.orchestrator.OrchestratorContext;
import dev.orchestrators.core.orchestrator.OrchestratorFactory;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology of one flow:
 * <pre>
 *   &lt;flow&gt;.requests -> [&lt;flow&gt;-orchestrator + &lt;flow&gt;-pending store] -> &lt;flow&gt;.results
 *                                                              -> orchestrator.audit
 *                                                              -> &lt;flow&gt;.dlq
 * </pre>
 * Node and store names are fixed constants, so topologies stay compatible across releases.
 */
public final class FlowTopology {
    public static final String SOURCE = "requests-source";
    public static final String PROCESSOR = "orchestrator";
    public static final String RESULTS_SINK = "results-sink";
    public static final String AUDIT_SINK = "audit-sink";
    public static final String DLQ_SINK = "dlq-sink";

    private FlowTopology() {
    }

    /** Name of a flow's pending-request store (its changelog is {@code <application.id>-<store>-changelog}). */
    public static String pendingStoreName(String flow) {
        return flow + "-pending";
    }

    public static Topology build(String flow, String auditTopic, OrchestratorFactory factory, OrchestratorContext context,
                                 FlowProcessor.FlowProcessorSettings settings, ShutdownDrain drain) {
        Objects.requireNonNull(factory, "factory");
        StoreBuilder<KeyValueStore<Long, PendingRequest>> pending = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(pendingStoreName(flow)), Serdes.Long(), JsonSerde.of(PendingRequest.class))
                .withLoggingEnabled(Map.of());
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), JsonSerde.request().deserializer(), TopicNames.requests(flow));
        topology.addProcessor(PROCESSOR, () -> new FlowProcessor(flow, factory, context, settings, drain), SOURCE);
        topology.addStateStore(pending, PROCESSOR);
        // The processor hands envelopes (and final audit entries) over already serialised: see FlowProcessor.complete.
        topology.addSink(RESULTS_SINK, TopicNames.results(flow), new StringSerializer(), castSerializer(new ByteArraySerializer()), PROCESSOR);
        topology.addSink(AUDIT_SINK, auditTopic, new StringSerializer(), bytesOr(JsonSerde.auditRecord()), PROCESSOR);
        topology.addSink(DLQ_SINK, TopicNames.deadLetters(flow), new StringSerializer(), castSerializer(new ByteArraySerializer()), PROCESSOR);
        return topology;
    }

    /** Writes {@code byte[]} values as they are and anything else with {@code serde}. */
    @SuppressWarnings("unchecked")
    private static Serializer<Object> bytesOr(Serde<?> serde) {
        Serializer<Object> json = (Serializer<Object>) serde.serializer();
        return (topic, value) -> value instanceof byte[] bytes ? bytes : json.serialize(topic, value);
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> castSerializer(Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }
}
