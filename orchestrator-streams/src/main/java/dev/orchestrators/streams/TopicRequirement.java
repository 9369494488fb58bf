package dev.orchestrators.streams;

import java.util.Map;
import java.util.Objects;

/**
 * A topic a flow needs, and what it needs of it. Immutable.
 *
 * @param name             the topic
 * @param compacted        whether it must have {@code cleanup.policy=compact} (created so; an existing one is checked)
 * @param copartitionedWith a topic it must have exactly as many partitions as (created so; an existing one is
 *                         checked), or {@code null}
 */
public record TopicRequirement(String name, boolean compacted, String copartitionedWith) {

    public TopicRequirement {
        Objects.requireNonNull(name, "name");
    }

    public static TopicRequirement plain(String name) {
        return new TopicRequirement(name, false, null);
    }

    public static TopicRequirement compacted(String name) {
        return new TopicRequirement(name, true, null);
    }

    public static TopicRequirement copartitioned(String name, String with) {
        return new TopicRequirement(name, false, with);
    }

    /** Topic configs to create it with. */
    public Map<String, String> configs() {
        return compacted ? Map.of("cleanup.policy", "compact") : Map.of();
    }

    /** The stricter of two requirements of the same topic. */
    public TopicRequirement merge(TopicRequirement other) {
        return new TopicRequirement(name, compacted || other.compacted,
                copartitionedWith != null ? copartitionedWith : other.copartitionedWith);
    }
}
