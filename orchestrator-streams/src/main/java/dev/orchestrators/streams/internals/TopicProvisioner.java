package dev.orchestrators.streams.internals;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
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
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a flow needs when they are missing. Existing topics are never deleted, recreated
 * or altered; an existing audit topic that is not compacted is a configuration error, reported at start-up.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private final Admin admin;
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(Admin admin, int partitions, short replicationFactor) {
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Ensures {@code topics} and the compacted {@code auditTopic} exist.
     *
     * @throws ConfigurationException when the audit topic exists without {@code cleanup.policy=compact},
     *                                or the cluster cannot be reached
     */
    public void ensure(Collection<String> topics, String auditTopic) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replicationFactor));
                } else {
                    present.add(topic);
                }
            }
            reportDifferentPartitions(present);
            if (!existing.contains(auditTopic)) {
                missing.add(new NewTopic(auditTopic, partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            } else {
                requireCompacted(auditTopic);
            }
            create(missing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigurationException("cannot list or create topics on the cluster: " + e.getMessage(), e);
        }
    }

    /** An existing topic keeps its partitions; a difference from the configured count is reported, not "fixed". */
    private void reportDifferentPartitions(List<String> present) throws InterruptedException, TimeoutException {
        if (present.isEmpty()) {
            return;
        }
        try {
            admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) -> {
                if (description.partitions().size() != partitions) {
                    LOG.warn("topic {} exists with {} partitions; orchestrator.topic.partitions={} applies only to topics it creates",
                            name, description.partitions().size(), partitions);
                }
            });
        } catch (ExecutionException e) {
            // Only a report: a topic another instance has just created may not be describable yet.
            LOG.info("could not compare partition counts of existing topics: {}", e.getCause().getMessage());
        }
    }

    private void create(List<NewTopic> missing) throws InterruptedException, ExecutionException, TimeoutException {
        if (missing.isEmpty()) {
            return;
        }
        var result = admin.createTopics(missing);
        for (NewTopic topic : missing) {
            try {
                result.values().get(topic.name()).get(30, TimeUnit.SECONDS);
                LOG.info("created topic {} ({} partitions, replication {}, {})", topic.name(), topic.numPartitions(),
                        topic.replicationFactor(), topic.configs() == null ? "defaults" : topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another instance created it between our listing and our request: that is fine.
            }
        }
    }

    private void requireCompacted(String auditTopic) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, auditTopic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new ConfigurationException("audit topic '" + auditTopic + "' exists with cleanup.policy="
                    + (policy == null ? "?" : policy.value()) + "; it must be compacted (cleanup.policy=compact). "
                    + "Fix the topic or choose another with orchestrator.audit.topic; the runtime never recreates topics.");
        }
    }
}
