package dev.orchestrators.streams.internals.shapes;

import dev.orchestrators.core.kinds.saga.Compensation;
import dev.orchestrators.core.kinds.saga.Saga;
import dev.orchestrators.core.orchestrator.Orchestrator;
import dev.orchestrators.streams.FlowShape;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.internals.engine.FlowSpec;
import dev.orchestrators.streams.internals.engine.Output;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.Request;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * A saga: forward steps, and the compensations of a failed run through a topic of its own, on the same task:
 * <pre>
 *   requests      -> [saga steps + pending, ledger, saga-state]                  -> compensations | results | reply-to | audit | dlq
 *   compensations -> [compensator + compensation-pending, ledger, saga-state]    -> results | reply-to | audit | dlq
 * </pre>
 * {@code <flow>.compensations} must be co-partitioned with the requests: the commands are written to the request's
 * partition, where the same task reads them.
 */
final class SagaShape extends Shape {
    static final String STEPS_NODE = "saga-steps";
    static final String COMPENSATOR_NODE = "saga-compensator";
    static final String COMPENSATIONS_SOURCE = "compensations-source";
    static final String MERGED_NODE = "saga-outputs";
    /** Suffix of the store of a saga's state while it compensates, by run. */
    static final String STATE_STORE = "-saga-state";
    /** Suffix of the store of compensation commands admitted and not yet done. */
    static final String COMPENSATION_PENDING_STORE = "-compensation-pending";

    static String stateStore(String flow) {
        return flow + STATE_STORE;
    }

    static String compensationPendingStore(String flow) {
        return flow + COMPENSATION_PENDING_STORE;
    }

    SagaShape() {
        super(FlowShape.SAGA, Saga.class);
    }

    @Override
    public Set<String> extraInputs(String flow, Orchestrator orchestrator) {
        return Set.of(TopicNames.compensations(flow));
    }

    @Override
    public Set<String> extraOutputs(String flow, Orchestrator orchestrator) {
        return Set.of(TopicNames.compensations(flow));
    }

    @Override
    public List<TopicRequirement> requirements(String flow) {
        return List.of(TopicRequirement.copartitioned(TopicNames.compensations(flow), TopicNames.requests(flow)));
    }

    @Override
    public List<String> extraStores(String flow) {
        return List.of(stateStore(flow), compensationPendingStore(flow));
    }

    @Override
    public KStream<String, Output> build(StreamsBuilder builder, FlowSpec spec, KStream<String, Request> requests,
                                         Orchestrator probe) {
        String flow = spec.name();
        String state = stateStore(flow);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(state),
                Serdes.String(), JsonSerde.of(SagaState.class)));
        builder.addStateStore(FlowTopologies.pendingStore(compensationPendingStore(flow)));
        SagaReleases releases = new SagaReleases();
        String ledger = FlowSpec.ledgerStore(flow);
        KStream<String, Output> steps = process(requests, spec, STEPS_NODE, () -> new SagaProcessor(spec, releases), state);
        KStream<String, Output> compensated = builder.stream(TopicNames.compensations(flow),
                        Consumed.with(Serdes.String(), JsonSerde.of(Compensation.class)).withName(COMPENSATIONS_SOURCE))
                .process(() -> new CompensationProcessor(spec, releases), Named.as(COMPENSATOR_NODE),
                        compensationPendingStore(flow), ledger, state);
        return steps.merge(compensated, Named.as(MERGED_NODE));
    }
}
