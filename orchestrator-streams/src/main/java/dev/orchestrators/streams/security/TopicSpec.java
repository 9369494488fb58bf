package dev.orchestrators.streams.security;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One topic a flow needs, as {@code orchestrator topics} creates it. Immutable.
 *
 * @param name              the topic
 * @param kind              what it is for
 * @param partitions        its partition count, unless {@code partitionsLike} is set
 * @param partitionsLike    a topic it must have exactly as many partitions as (a saga's compensations have its
 *                          requests' count; a changelog has its sub-topology's source count, as Kafka Streams
 *                          checks), or {@code null}
 * @param replicationFactor its replication factor
 * @param configs           its topic configs (sorted), e.g. {@code cleanup.policy=compact}
 */
public record TopicSpec(String name, Kind kind, int partitions, String partitionsLike, short replicationFactor,
                        Map<String, String> configs) {

    /** What a topic is for. */
    public enum Kind {
        /** A flow's own topic: requests, results, dead letters, compensations, jobs, and those of flows it writes to. */
        FLOW,
        /** Shared by every flow: the audit and telemetry topics. */
        SHARED,
        /** Kafka Streams' changelog of one of the flow's state stores ({@code <application.id>-<store>-changelog}). */
        INTERNAL
    }

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replication factor must be at least 1, was " + replicationFactor);
        }
        configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** Its partition count once {@code partitionsLike} (if any) has {@code likeCount} partitions. */
    public int partitionsGiven(int likeCount) {
        return partitionsLike == null ? partitions : likeCount;
    }

    /** The stricter of two specs of the same topic (compaction wins; the first co-partitioning wins). */
    TopicSpec merge(TopicSpec other) {
        Map<String, String> merged = new TreeMap<>(other.configs);
        merged.putAll(configs);
        return new TopicSpec(name, kind, partitions, partitionsLike != null ? partitionsLike : other.partitionsLike,
                replicationFactor, merged);
    }
}
