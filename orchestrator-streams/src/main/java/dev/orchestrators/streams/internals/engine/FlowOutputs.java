package dev.orchestrators.streams.internals.engine;

import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The branching tail every flow topology ends in: a processor's {@link Output}s are split by destination
 * topic ({@code split()}/{@code branch()}), one named branch and sink per topic the flow declares, so the
 * topology description shows exactly where a flow writes (and the ACLs derived from it match). An output
 * for an undeclared topic is a bug: it fails the record (dead-lettered by the processing handler).
 */
public final class FlowOutputs {
    private static final Serializer<Output> VALUE = (topic, output) -> output == null ? null : output.value();
    private static final Serde<Output> SERDE = Serdes.serdeFrom(VALUE, (topic, bytes) -> {
        throw new UnsupportedOperationException("outputs are only written");
    });
    /** Keeps an output on the partition it names; otherwise the key decides (the producer's default). */
    private static final StreamPartitioner<String, Output> PARTITIONER = new StreamPartitioner<>() {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Output value, int numPartitions) {
            return value != null && value.partition() >= 0 ? Optional.of(Set.of(value.partition() % numPartitions)) : Optional.empty();
        }
    };

    private FlowOutputs() {
    }

    /** Branches {@code outputs} to {@code topics}, one branch named {@code <prefix>-to-<topic>} each. */
    public static void branch(KStream<String, Output> outputs, String prefix, Set<String> topics) {
        SortedSet<String> sorted = new TreeSet<>(topics);
        BranchedKStream<String, Output> split = outputs.split(Named.as(prefix + "-to-"));
        for (String topic : sorted) {
            split = split.branch((key, output) -> output.topic().equals(topic), Branched.withConsumer(
                    branch -> branch.to(topic, Produced.with(Serdes.String(), SERDE).withStreamPartitioner(PARTITIONER)
                            .withName(prefix + "-sink-" + topic)), topic));
        }
        split.defaultBranch(Branched.withConsumer(unknown -> unknown.foreach((key, output) -> {
            throw new IllegalStateException("flow output to undeclared topic '" + output.topic() + "'; declared: " + sorted);
        }), "undeclared"));
    }
}
