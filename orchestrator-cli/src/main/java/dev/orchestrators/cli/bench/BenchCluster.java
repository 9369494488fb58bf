package dev.orchestrators.cli.bench;

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
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String topic : topics) {
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(STEP.toMillis());
                }
            }
        }
        awaitLeaders(topics, deadline);
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

    private Set<String> topicsStartingWith(String... prefixes) throws Exception {
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
        String last = "not described yet";
        while (System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                        .get(30, TimeUnit.SECONDS).get(group);
                long owned = d.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(tp -> tp.topic().equals(topic)).count();
                last = d.groupState() + ", " + d.members().size() + " members, " + owned + " partitions of " + topic;
                if (d.groupState() == GroupState.STABLE && d.members().size() == members && owned == partitions) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            Thread.sleep(STEP.toMillis());
        }
        throw new IllegalStateException("group " + group + " not stable with " + members + " members after "
                + timeout.toSeconds() + " s: " + last);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
