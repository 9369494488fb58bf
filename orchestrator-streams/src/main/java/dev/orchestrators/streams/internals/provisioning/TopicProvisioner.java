package dev.orchestrators.streams.internals.provisioning;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.time.Sleeper;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.security.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics flows need when they are missing (the changelogs of their state stores included, as Kafka
 * Streams would create them), and waits until every one of them has a leader on every partition before the
 * runtime produces to it (an idempotent producer that races a topic's creation can
 * otherwise retry for a long time). Existing topics are never deleted, recreated or altered: one that lacks
 * what a flow needs (compaction, the same partition count as the topic it is co-partitioned with) is a
 * configuration error, reported at start-up; a different partition count from the configured default is only
 * reported.
 *
 * <p>Under least-privilege ACLs (see {@code dev.orchestrators.streams.security.AccessPlan}) the topics exist
 * beforehand and nothing is created: listing and describing need Describe on each topic (implied by the Read or
 * Write the flow has), the compaction check DescribeConfigs on the compacted topics (skipped with a warning
 * without it); a missing topic the principal may not create fails the start naming the command that creates it.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long WAIT_SECONDS = 30;
    private static final Duration READY_POLL = Duration.ofMillis(50);
    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;
    private final Duration patience;
    private final Clock clock;

    /** A provisioner that gives the cluster a minute to answer (tests, tools). */
    public TopicProvisioner(Admin admin, int partitions, short replicationFactor) {
        this(admin, partitions, replicationFactor, Duration.ofMinutes(1));
    }

    /**
     * @param patience how long to keep trying while the cluster cannot be reached or answers with a retriable error
     *                 ({@code orchestrator.startup.timeout.ms})
     */
    public TopicProvisioner(Admin admin, int partitions, short replicationFactor, Duration patience) {
        this(admin, partitions, replicationFactor, patience, Clock.systemUTC());
    }

    /**
     * @param patience as above
     * @param clock    what the waits for the cluster are measured on (the runtime's; {@code ManualTime} in tests)
     */
    public TopicProvisioner(Admin admin, int partitions, short replicationFactor, Duration patience, Clock clock) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.patience = patience;
        this.clock = clock;
    }

    /**
     * Ensures {@code topics} and the compacted {@code auditTopic} exist (legacy form).
     *
     * @throws ConfigurationException when the audit topic exists without {@code cleanup.policy=compact},
     *                                or the cluster cannot be reached
     */
    public void ensure(Collection<String> topics, String auditTopic) {
        List<TopicRequirement> all = new ArrayList<>();
        topics.forEach(t -> all.add(TopicRequirement.plain(t)));
        all.add(TopicRequirement.compacted(auditTopic));
        ensure(all);
    }

    /**
     * Ensures every required topic exists as required and is ready.
     *
     * @throws ConfigurationException naming the topic and what is wrong with it, or when the cluster cannot be reached
     */
    public void ensure(Collection<TopicRequirement> required) {
        ensure(required, List.of());
    }

    /**
     * Ensures every required topic exists as required, creates the missing {@code changelogs} of the flows' state
     * stores as Kafka Streams would ({@code TopicPlan}: partitioned like their sub-topology's source topic), and waits
     * until all of them are ready. Changelogs created before the flows start are ones Kafka Streams finds, so its
     * exactly-once producers never race a changelog's creation; existing ones are left to Kafka Streams' own checks.
     *
     * @throws ConfigurationException naming the topic and what is wrong with it, or when the cluster cannot be reached
     */
    public void ensure(Collection<TopicRequirement> required, Collection<TopicSpec> changelogs) {
        Map<String, TopicRequirement> byName = new LinkedHashMap<>();
        required.forEach(r -> byName.merge(r.name(), r, TopicRequirement::merge));
        new StartupRetry(patience, clock).run(() -> ensureOnce(byName, changelogs));
    }

    private void ensureOnce(Map<String, TopicRequirement> byName, Collection<TopicSpec> changelogs) {
        try {
            Set<String> existing = admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> first = new ArrayList<>();
            List<TopicRequirement> copartitioned = new ArrayList<>();
            for (TopicRequirement r : byName.values()) {
                if (existing.contains(r.name())) {
                    continue;
                }
                if (r.copartitionedWith() != null) {
                    copartitioned.add(r);
                } else {
                    first.add(new NewTopic(r.name(), partitions, replicationFactor).configs(r.configs()));
                }
            }
            create(first, true);
            List<TopicSpec> missingChangelogs = changelogs.stream().filter(c -> !existing.contains(c.name())).toList();
            Set<String> sources = new LinkedHashSet<>();
            copartitioned.forEach(r -> sources.add(r.copartitionedWith()));
            missingChangelogs.stream().filter(c -> c.partitionsLike() != null).forEach(c -> sources.add(c.partitionsLike()));
            Map<String, TopicDescription> sourceTopics = sources.isEmpty() ? Map.of() : describe(sources);
            List<NewTopic> second = new ArrayList<>();
            for (TopicRequirement r : copartitioned) {
                int count = sourceTopics.get(r.copartitionedWith()).partitions().size();
                second.add(new NewTopic(r.name(), count, replicationFactor).configs(r.configs()));
            }
            create(second, true);
            List<NewTopic> stateChangelogs = new ArrayList<>();
            for (TopicSpec c : missingChangelogs) {
                int count = c.partitionsGiven(c.partitionsLike() == null ? 0 : sourceTopics.get(c.partitionsLike()).partitions().size());
                stateChangelogs.add(new NewTopic(c.name(), count, c.replicationFactor()).configs(c.configs()));
            }
            int created = create(stateChangelogs, false);
            if (created > 0) {
                LOG.info("created {} state store changelogs (<application.id>-<store>-changelog)", created);
            }
            Set<String> all = new LinkedHashSet<>(byName.keySet());
            changelogs.forEach(c -> all.add(c.name()));
            Map<String, TopicDescription> described = awaitReady(all);
            check(byName, existing, described);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigurationException("cannot list, create or describe topics on the cluster: " + e.getMessage(), e);
        }
    }

    private void check(Map<String, TopicRequirement> required, Set<String> existedBefore, Map<String, TopicDescription> described)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (TopicRequirement r : required.values()) {
            if (!existedBefore.contains(r.name())) {
                continue;
            }
            int count = described.get(r.name()).partitions().size();
            if (r.copartitionedWith() != null) {
                int other = described.get(r.copartitionedWith()).partitions().size();
                if (count != other) {
                    throw new ConfigurationException("topic '" + r.name() + "' has " + count + " partitions but must have as many as '"
                            + r.copartitionedWith() + "' (" + other + "): records are routed between them by partition. "
                            + "Recreate it with " + other + " partitions; the runtime never alters topics.");
                }
            } else if (count != partitions) {
                LOG.warn("topic {} exists with {} partitions; orchestrator.topic.partitions={} applies only to topics it creates",
                        r.name(), count, partitions);
            }
            if (r.compacted()) {
                requireCompacted(r.name());
            }
        }
    }

    /** Creates {@code missing}, logging each when {@code logEach}; returns how many this call created. */
    private int create(List<NewTopic> missing, boolean logEach) throws InterruptedException, ExecutionException, TimeoutException {
        if (missing.isEmpty()) {
            return 0;
        }
        int created = 0;
        var result = admin.createTopics(missing);
        for (NewTopic topic : missing) {
            try {
                result.values().get(topic.name()).get(WAIT_SECONDS, TimeUnit.SECONDS);
                created++;
                if (logEach) {
                    LOG.info("created topic {} ({} partitions, replication {}, {})", topic.name(), topic.numPartitions(),
                            topic.replicationFactor(), topic.configs() == null || topic.configs().isEmpty() ? "defaults" : topic.configs());
                } else {
                    LOG.debug("created topic {} ({} partitions, replication {}, {})", topic.name(), topic.numPartitions(),
                            topic.replicationFactor(), topic.configs());
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthorizationException) {
                    throw new ConfigurationException("topic '" + topic.name() + "' is missing (or this principal may not describe it) "
                            + "and this principal may not create it (" + e.getCause().getMessage() + "). With least-privilege ACLs, "
                            + "an administrator creates every topic of the flows beforehand (bin/orchestrator topics --flow <flow> --apply) "
                            + "and grants the workers' ACLs (bin/orchestrator acls --flow <flow> --principal <principal> --apply)", e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another instance created it between our listing and our request: that is fine.
            }
        }
        return created;
    }

    /** Describes the topics until every partition of each has a leader (bounded wait). */
    private Map<String, TopicDescription> awaitReady(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Instant deadline = clock.instant().plusSeconds(WAIT_SECONDS);
        Sleeper sleeper = Sleeper.of(clock);
        while (true) {
            try {
                Map<String, TopicDescription> described = describe(topics);
                List<String> notReady = described.values().stream()
                        .filter(d -> d.partitions().stream().map(TopicPartitionInfo::leader).anyMatch(l -> l == null || l.isEmpty()))
                        .map(TopicDescription::name).toList();
                if (notReady.isEmpty()) {
                    return described;
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new TimeoutException("topics without a partition leader after " + WAIT_SECONDS + " s: " + notReady);
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || clock.instant().isAfter(deadline)) {
                    throw e;
                }
            }
            sleeper.sleep(READY_POLL);
        }
    }

    private Map<String, TopicDescription> describe(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(topics).allTopicNames().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void requireCompacted(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config = admin.describeConfigs(List.of(resource)).all().get(WAIT_SECONDS, TimeUnit.SECONDS).get(resource);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof AuthorizationException)) {
                throw e;
            }
            // Least privilege without DescribeConfigs (bin/orchestrator acls grants it on exactly these topics).
            LOG.warn("cannot check that topic {} is compacted: this principal may not describe its configs", topic);
            return;
        }
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new ConfigurationException("topic '" + topic + "' exists with cleanup.policy="
                    + (policy == null ? "?" : policy.value()) + "; it must be compacted (cleanup.policy=compact). "
                    + "Fix the topic or choose another name in the configuration; the runtime never recreates topics.");
        }
    }
}
