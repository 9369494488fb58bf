package dev.orchestrators.streams.security;

import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.TopicRequirement;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The least-privilege ACLs of one flow's workers, derived from the flow's declaration ({@link FlowPlan}) and the
 * configuration, for one principal ({@code orchestrator acls}). Everything is ALLOW, host {@code *}:
 * <ul>
 *   <li>Read and Describe on each topic the flow reads (its requests; a saga's compensations; a scheduler's jobs);</li>
 *   <li>Write and Describe on each topic it writes (results, audit, dead letters, the reply topics of routers that
 *       route to it, a router's sub-flow requests, a saga's compensations, a scheduler's jobs and targets'
 *       requests, telemetry when {@code orchestrator.sample.rate > 0});</li>
 *   <li>DescribeConfigs on the topics it needs compacted (audit, jobs), for the start-up check that they are;</li>
 *   <li>Read, Write and Describe on each of its internal topics, LITERAL: the changelogs {@link TopicPlan} lists
 *       and {@code orchestrator topics} creates;</li>
 *   <li>Read and Describe on its consumer group, LITERAL {@code <application.id>};</li>
 *   <li>with {@code exactly_once_v2}, Write and Describe on its transactional ids, PREFIXED
 *       {@code <application.id>-} (Kafka Streams names them {@code <application.id>-<process id>-<thread>}).</li>
 * </ul>
 * Nothing else: no Create (the topics are created beforehand), nothing on the cluster (an idempotent or
 * transactional producer needs no IdempotentWrite since KIP-679: Write on a topic or on its transactional id is
 * enough), no Delete, Alter or AlterConfigs. Immutable.
 */
public final class AccessPlan {

    /** One ACL and why the flow's workers need it. */
    public record Grant(AclBinding binding, String reason) {
        public Grant {
            Objects.requireNonNull(binding, "binding");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final String flow;
    private final String principal;
    private final List<Grant> grants;
    private final List<String> warnings;

    private AccessPlan(String flow, String principal, List<Grant> grants, List<String> warnings) {
        this.flow = flow;
        this.principal = principal;
        this.grants = List.copyOf(grants);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The ACLs {@code principal} needs to run {@code plan}'s workers.
     *
     * @throws IllegalArgumentException when {@code principal} is not {@code <type>:<name>}, e.g. {@code User:lead-worker}
     */
    public static AccessPlan of(FlowPlan plan, OrchestratorConfig config, String principal) {
        return of(plan, List.of(plan), config, principal);
    }

    /**
     * The ACLs {@code principal} needs to run {@code plan}'s workers, with a warning for each flow of
     * {@code allFlows} whose transactional ids the transactional-id prefix would also match.
     *
     * @throws IllegalArgumentException when {@code principal} is not {@code <type>:<name>}, e.g. {@code User:lead-worker}
     */
    public static AccessPlan of(FlowPlan plan, Collection<FlowPlan> allFlows, OrchestratorConfig config, String principal) {
        requirePrincipal(principal);
        OrchestratorConfig flowConfig = config.forFlow(plan.name());
        String applicationId = applicationId(plan.name(), flowConfig);
        Builder grants = new Builder(principal);
        plan.inputs().forEach(topic -> {
            grants.literal(ResourceType.TOPIC, topic, AclOperation.READ, "consumes it");
            grants.literal(ResourceType.TOPIC, topic, AclOperation.DESCRIBE, "metadata and offsets");
        });
        plan.outputs().forEach(topic -> {
            grants.literal(ResourceType.TOPIC, topic, AclOperation.WRITE, "produces to it");
            grants.literal(ResourceType.TOPIC, topic, AclOperation.DESCRIBE, "metadata and offsets");
        });
        plan.topics().stream().filter(TopicRequirement::compacted).map(TopicRequirement::name).distinct().forEach(topic ->
                grants.literal(ResourceType.TOPIC, topic, AclOperation.DESCRIBE_CONFIGS, "start-up check that it is compacted"));
        if (config.getDouble(OrchestratorConfig.SAMPLE_RATE_CONFIG) > 0) {
            String telemetry = config.getString(OrchestratorConfig.TELEMETRY_TOPIC_CONFIG);
            grants.literal(ResourceType.TOPIC, telemetry, AclOperation.WRITE, "sampled telemetry (orchestrator.sample.rate > 0)");
            grants.literal(ResourceType.TOPIC, telemetry, AclOperation.DESCRIBE, "metadata");
        }
        for (TopicSpec changelog : TopicPlan.changelogs(plan, flowConfig)) {
            grants.literal(ResourceType.TOPIC, changelog.name(), AclOperation.READ, "restores its state store");
            grants.literal(ResourceType.TOPIC, changelog.name(), AclOperation.WRITE, "logs its state store's changes");
            grants.literal(ResourceType.TOPIC, changelog.name(), AclOperation.DESCRIBE, "Kafka Streams checks its partitions");
        }
        grants.literal(ResourceType.GROUP, applicationId, AclOperation.READ, "joins its consumer group, commits offsets");
        grants.literal(ResourceType.GROUP, applicationId, AclOperation.DESCRIBE, "fetches committed offsets");
        List<String> warnings = new ArrayList<>();
        if (exactlyOnce(flowConfig)) {
            String prefix = applicationId + "-";
            grants.add(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE,
                    "exactly_once_v2 transactions (<application.id>-<process id>-<thread>)");
            grants.add(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE,
                    "finds its transaction coordinator");
            for (FlowPlan other : allFlows) {
                String otherId = applicationId(other.name(), config.forFlow(other.name()));
                if (!other.name().equals(plan.name()) && otherId.startsWith(prefix)) {
                    warnings.add("the transactional-id prefix " + prefix + " also matches the transactional ids of flow "
                            + other.name() + " (application id " + otherId + "): name flows so that none is another's name"
                            + " followed by '-', or give one its own flow." + other.name() + "."
                            + OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG);
                }
            }
        }
        return new AccessPlan(plan.name(), principal, grants.grants(), warnings);
    }

    public String flow() {
        return flow;
    }

    public String principal() {
        return principal;
    }

    /** Every ACL, with why it is needed, in a stable order. */
    public List<Grant> grants() {
        return grants;
    }

    /** The ACLs alone, for {@code Admin.createAcls}. */
    public List<AclBinding> bindings() {
        return grants.stream().map(Grant::binding).toList();
    }

    /** Where the plan grants more than this flow's own resources (an overlapping transactional-id prefix). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * One ACL as a line, in the columns of {@code kafka-acls.sh --list}:
     * {@code ALLOW User:lead-worker READ TOPIC LITERAL lead_sync.requests}.
     */
    public static String line(AclBinding binding) {
        return String.join(" ", binding.entry().permissionType().name(), binding.entry().principal(),
                binding.entry().operation().name(), binding.pattern().resourceType().name(),
                binding.pattern().patternType().name(), binding.pattern().name());
    }

    /** The ACL as a map, for JSON. */
    public static Map<String, String> toMap(Grant grant) {
        AclBinding binding = grant.binding();
        Map<String, String> map = new LinkedHashMap<>();
        map.put("principal", binding.entry().principal());
        map.put("host", binding.entry().host());
        map.put("operation", binding.entry().operation().name().toLowerCase(Locale.ROOT));
        map.put("permission", binding.entry().permissionType().name().toLowerCase(Locale.ROOT));
        map.put("resource_type", binding.pattern().resourceType().name().toLowerCase(Locale.ROOT));
        map.put("pattern_type", binding.pattern().patternType().name().toLowerCase(Locale.ROOT));
        map.put("resource_name", binding.pattern().name());
        map.put("reason", grant.reason());
        return map;
    }

    private static void requirePrincipal(String principal) {
        int colon = principal == null ? -1 : principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new IllegalArgumentException("a principal is <type>:<name>, e.g. User:lead-worker; was " + principal);
        }
    }

    private static String applicationId(String flow, OrchestratorConfig flowConfig) {
        return TopicNames.applicationId(flowConfig.getString(OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG), flow);
    }

    /** Whether the flow's Kafka Streams runs transactions (a {@code streams.processing.guarantee} wins, as in the runtime). */
    private static boolean exactlyOnce(OrchestratorConfig flowConfig) {
        Object guarantee = flowConfig.streamsOverrides().getOrDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                flowConfig.getString(OrchestratorConfig.PROCESSING_GUARANTEE_CONFIG));
        return !StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(guarantee));
    }

    /** Collects grants once each, in order, keeping the first reason. */
    private static final class Builder {
        private final String principal;
        private final Map<AclBinding, String> grants = new LinkedHashMap<>();

        Builder(String principal) {
            this.principal = principal;
        }

        void literal(ResourceType type, String name, AclOperation operation, String reason) {
            add(type, name, PatternType.LITERAL, operation, reason);
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation operation, String reason) {
            grants.putIfAbsent(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)), reason);
        }

        List<Grant> grants() {
            return grants.entrySet().stream().map(e -> new Grant(e.getKey(), e.getValue())).toList();
        }
    }
}
