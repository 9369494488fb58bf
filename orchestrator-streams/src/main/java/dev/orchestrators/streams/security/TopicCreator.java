package dev.orchestrators.streams.security;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the missing topics of a {@link TopicPlan} through the admin API, as an administrator does before the
 * workers start ({@code orchestrator topics --apply}): first those with a fixed partition count, then those whose
 * count follows another topic's (a saga's compensations, the changelogs), with that topic's actual count. An
 * existing topic is never altered; one whose partition count differs from the topic it must follow is reported
 * (Kafka Streams would refuse to start with it). Not thread-safe; uses the admin client it is given.
 */
public final class TopicCreator {
    private static final Duration DESCRIBE_POLL = Duration.ofMillis(50);
    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;

    /** What happened to one topic. */
    public record Outcome(TopicSpec spec, boolean created, int partitions, String problem) {
    }

    public TopicCreator(Admin admin, Duration timeout) {
        this(admin, timeout, Clock.systemUTC());
    }

    /** A creator whose waits for topics just created are measured on {@code clock} ({@code ManualTime} in tests). */
    public TopicCreator(Admin admin, Duration timeout, Clock clock) {
        this.admin = admin;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Creates every missing topic of {@code plan} and reports each topic of it.
     *
     * @throws ConfigurationException when the cluster cannot be reached or refuses to create or describe a topic
     */
    public List<Outcome> create(TopicPlan plan) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<TopicSpec> fixed = plan.topics().stream().filter(t -> t.partitionsLike() == null).toList();
            List<TopicSpec> derived = plan.topics().stream().filter(t -> t.partitionsLike() != null).toList();
            Set<String> created = new TreeSet<>(createMissing(fixed, existing, Map.of()));
            Set<String> sources = new TreeSet<>();
            derived.forEach(t -> sources.add(t.partitionsLike()));
            Map<String, Integer> sourceCounts = partitionCounts(sources);
            created.addAll(createMissing(derived, existing, sourceCounts));
            Map<String, Integer> counts = partitionCounts(plan.topics().stream().map(TopicSpec::name).toList());
            List<Outcome> outcomes = new ArrayList<>();
            for (TopicSpec spec : plan.topics()) {
                int count = counts.get(spec.name());
                String problem = null;
                if (spec.partitionsLike() != null && count != sourceCounts.get(spec.partitionsLike())) {
                    problem = "has " + count + " partitions but needs as many as " + spec.partitionsLike() + " ("
                            + sourceCounts.get(spec.partitionsLike()) + "); recreate it";
                }
                outcomes.add(new Outcome(spec, created.contains(spec.name()), count, problem));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConfigurationException("cannot list, create or describe topics: " + cause, cause);
        }
    }

    private List<String> createMissing(List<TopicSpec> specs, Set<String> existing, Map<String, Integer> sourceCounts)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                int partitions = spec.partitionsGiven(spec.partitionsLike() == null ? 0 : sourceCounts.get(spec.partitionsLike()));
                missing.add(new NewTopic(spec.name(), partitions, spec.replicationFactor()).configs(spec.configs()));
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        var result = admin.createTopics(missing);
        for (NewTopic topic : missing) {
            try {
                result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private Map<String, Integer> partitionCounts(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (topics.isEmpty()) {
            return counts;
        }
        Instant deadline = clock.instant().plus(timeout);
        Sleeper sleeper = Sleeper.of(clock);
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                described.forEach((name, description) -> counts.put(name, description.partitions().size()));
                return counts;
            } catch (ExecutionException e) {
                // A topic just created may not be known to the broker answering yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || clock.instant().isAfter(deadline)) {
                    throw e;
                }
                sleeper.sleep(DESCRIBE_POLL);
            }
        }
    }
}
