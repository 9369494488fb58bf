package dev.orchestrators.harness.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic and consumer-group chores of the bench on its broker. Not thread-safe. */
final class BenchCluster implements AutoCloseable {
    private static final Duration STEP = Duration.ofMillis(100);
    private final Admin admin;

    BenchCluster(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Creates {@code topics} with {@code partitions} each, retrying while a deleted namesake is still going away. */
    void createTopics(Collection<String> topics, int partitions) throws Exception {
        Map<String, Map<String, String>> plain = new java.util.LinkedHashMap<>();
        topics.forEach(t -> plain.put(t, Map.of()));
        createTopics(plain, partitions);
    }

    /** Creates each topic of {@code topics} with its topic-level settings and {@code partitions} partitions. */
    void createTopics(Map<String, Map<String, String>> topics, int partitions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Map.Entry<String, Map<String, String>> entry : topics.entrySet()) {
            String topic = entry.getKey();
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(entry.getValue())))
                            .all().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(STEP.toMillis());
                }
            }
        }
        awaitLeaders(topics.keySet(), deadline);
    }

    /** Waits until every partition of {@code topics} has a leader, so the first produce does not race the creation. */
    private void awaitLeaders(Collection<String> topics, long deadline) throws Exception {
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                ready = false;
            }
            if (ready) {
                Thread.sleep(STEP.toMillis()); // the broker applies leadership just after publishing it
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + topics + " have no leader after 60 s");
            }
            Thread.sleep(STEP.toMillis());
        }
    }

    /** Deletes every topic whose name starts with one of {@code prefixes} and waits until they are gone. */
    void deleteTopicsStartingWith(String... prefixes) throws Exception {
        Set<String> doomed = topicsStartingWith(prefixes);
        if (doomed.isEmpty()) {
            return;
        }
        admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!topicsStartingWith(prefixes).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(STEP.toMillis());
        }
    }

    /** The settings set on {@code topic} itself (not the broker's defaults), such as {@code cleanup.policy}. */
    Map<String, String> topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        return config.entries().stream().filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value, (a, b) -> b, java.util.TreeMap::new));
    }

    Set<String> topicsStartingWith(String... prefixes) throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> List.of(prefixes).stream().anyMatch(t::startsWith))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until consumer group {@code group} is stable with {@code members} members that together own all
     * {@code partitions} partitions of {@code topic}, so that no rebalance happens while it is measured.
     *
     * @throws IllegalStateException on timeout
     */
    void awaitStableGroup(String group, int members, String topic, int partitions, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        GroupView last = null;
        while (System.nanoTime() < deadline) {
            last = describeGroup(group, topic);
            if (last.stable(members, partitions)) {
                return;
            }
            Thread.sleep(STEP.toMillis());
        }
        throw new IllegalStateException("group " + group + " not stable with " + members + " members after "
                + timeout.toSeconds() + " s: " + (last == null ? "not described" : last.state() + ", " + last.members()
                + " members, " + last.owned() + " partitions of " + topic));
    }

    /**
     * What consumer group {@code group} looks like now: its state, members and how many partitions of
     * {@code topic} they own; an empty group when it does not exist yet.
     */
    GroupView describeGroup(String group, String topic) throws Exception {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
            int owned = (int) d.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                    .filter(tp -> tp.topic().equals(topic)).count();
            return new GroupView(d.groupState(), d.members().size(), owned);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return new GroupView(GroupState.DEAD, 0, 0);
            }
            throw e;
        }
    }

    /** A consumer group at one instant: state, members, partitions of the measured topic its members own. */
    record GroupView(GroupState state, int members, int owned) {
        boolean stable(int expectedMembers, int partitions) {
            return state == GroupState.STABLE && members == expectedMembers && owned == partitions;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
