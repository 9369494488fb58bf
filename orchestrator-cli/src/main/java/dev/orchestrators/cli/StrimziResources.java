package dev.orchestrators.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.security.AccessPlan;
import dev.orchestrators.streams.security.TopicPlan;
import dev.orchestrators.streams.security.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The topics ({@link TopicPlan}) and ACLs ({@link AccessPlan}) of flows as Strimzi custom resources
 * ({@code kafka.strimzi.io/v1}), for {@code orchestrator topics --format strimzi} and {@code acls --format strimzi}:
 * <ul>
 *   <li>one {@code KafkaTopic} per topic, changelogs included, with its partitions (a topic that must match another's
 *       count gets that topic's), replicas and configs. Its {@code metadata.name} is the topic's name when that is a
 *       valid Kubernetes name; otherwise (an {@code _}, an upper-case letter) a valid name with a hash of the topic's
 *       name appended, and the topic's name in {@code spec.topicName};</li>
 *   <li>one {@code KafkaUser} for the principal, authenticated with SCRAM-SHA-512, with every ACL of the plans
 *       ({@code spec.authorization.acls}), the operations on one resource in one rule.</li>
 * </ul>
 * Each resource carries the label {@code strimzi.io/cluster} the Strimzi operators select it by, and
 * {@code metadata.namespace} when a namespace is given. Stateless.
 */
final class StrimziResources {
    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final String CLUSTER_LABEL = "strimzi.io/cluster";

    /** A valid Kubernetes object name (DNS-1123 subdomain). */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_NAME = 253;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private final String cluster;
    private final String namespace;

    /**
     * Resources of Strimzi cluster {@code cluster}, in {@code namespace} (or none: the namespace they are applied in).
     *
     * @throws ConfigurationException when the cluster or namespace is no valid Kubernetes name
     */
    StrimziResources(String cluster, String namespace) {
        if (cluster == null || cluster.isBlank()) {
            throw new ConfigurationException("--format strimzi needs the Strimzi cluster: --cluster NAME (its Kafka resource's name)");
        }
        requireName("--cluster " + cluster, cluster);
        if (namespace != null) {
            requireName("--namespace " + namespace, namespace);
        }
        this.cluster = cluster;
        this.namespace = namespace;
    }

    /** One {@code KafkaTopic} per topic of {@code plan}, in its order. */
    List<Map<String, Object>> topics(TopicPlan plan) {
        Map<String, Integer> partitionsOf = new LinkedHashMap<>();
        plan.topics().stream().filter(t -> t.partitionsLike() == null).forEach(t -> partitionsOf.put(t.name(), t.partitions()));
        List<Map<String, Object>> resources = new ArrayList<>();
        for (TopicSpec topic : plan.topics()) {
            String name = resourceName(topic.name());
            Map<String, Object> spec = new LinkedHashMap<>();
            if (!name.equals(topic.name())) {
                spec.put("topicName", topic.name());
            }
            spec.put("partitions", topic.partitionsGiven(partitionsOf.getOrDefault(topic.partitionsLike(), topic.partitions())));
            spec.put("replicas", (int) topic.replicationFactor());
            if (!topic.configs().isEmpty()) {
                spec.put("config", new LinkedHashMap<>(topic.configs()));
            }
            resources.add(resource("KafkaTopic", name, spec));
        }
        return resources;
    }

    /**
     * The {@code KafkaUser} of the principal of {@code accesses} with all their ACLs (each once).
     *
     * @throws ConfigurationException when the principal is no {@code User:<name>} with a valid Kubernetes name, or
     *                                when the plans are for different principals
     */
    Map<String, Object> user(List<AccessPlan> accesses) {
        String principal = accesses.get(0).principal();
        if (accesses.stream().anyMatch(a -> !a.principal().equals(principal))) {
            throw new ConfigurationException("one KafkaUser is one principal; the plans name several");
        }
        if (!principal.startsWith("User:")) {
            throw new ConfigurationException("--format strimzi: a KafkaUser is a principal User:<name>, was " + principal);
        }
        String user = principal.substring("User:".length());
        requireName("--principal " + principal, user);
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        for (AccessPlan access : accesses) {
            for (AclBinding binding : access.bindings()) {
                if (binding.entry().permissionType() != AclPermissionType.ALLOW || !"*".equals(binding.entry().host())) {
                    throw new IllegalStateException("only ALLOW rules from any host are rendered, not " + AccessPlan.line(binding));
                }
                Map<String, Object> resource = new LinkedHashMap<>();
                resource.put("type", resourceType(binding.pattern().resourceType()));
                resource.put("name", binding.pattern().name());
                resource.put("patternType", patternType(binding.pattern().patternType()));
                Map<String, Object> rule = rules.computeIfAbsent(resource.toString(), k -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("resource", resource);
                    r.put("operations", new ArrayList<String>());
                    r.put("host", "*");
                    r.put("type", "allow");
                    return r;
                });
                @SuppressWarnings("unchecked")
                List<String> operations = (List<String>) rule.get("operations");
                String operation = operation(binding.entry().operation());
                if (!operations.contains(operation)) {
                    operations.add(operation);
                }
            }
        }
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("type", "scram-sha-512");
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("type", "simple");
        authorization.put("acls", new ArrayList<>(rules.values()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authentication", authentication);
        spec.put("authorization", authorization);
        return resource("KafkaUser", user, spec);
    }

    /** The resources as one YAML stream, each its own document. */
    static String yaml(List<Map<String, Object>> resources) {
        StringBuilder out = new StringBuilder();
        try {
            for (Map<String, Object> resource : resources) {
                out.append(YAML.writeValueAsString(resource));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
        return out.toString();
    }

    /**
     * The Kubernetes name of topic {@code topic}: the topic's own name when valid, else the name lower-cased with every
     * other character replaced by '-', and '-' and the first 8 hex digits of the SHA-256 of the topic's name appended
     * (so two topics never share a resource).
     */
    static String resourceName(String topic) {
        if (topic.length() <= MAX_NAME && RESOURCE_NAME.matcher(topic).matches()) {
            return topic;
        }
        String base = topic.toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9.]", "-").replaceAll("^[-.]+|[-.]+$", "");
        String hash = HexFormat.of().formatHex(sha256(topic)).substring(0, 8);
        base = base.substring(0, Math.min(base.length(), MAX_NAME - hash.length() - 1));
        return base.isEmpty() ? "topic-" + hash : base + "-" + hash;
    }

    private Map<String, Object> resource(String kind, String name, Map<String, Object> spec) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("labels", Map.of(CLUSTER_LABEL, cluster));
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", API_VERSION);
        resource.put("kind", kind);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }

    private static String resourceType(ResourceType type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case CLUSTER -> "cluster";
            case TRANSACTIONAL_ID -> "transactionalId";
            default -> throw new IllegalStateException("Strimzi has no ACL resource type for " + type);
        };
    }

    private static String patternType(PatternType type) {
        return switch (type) {
            case LITERAL -> "literal";
            case PREFIXED -> "prefix";
            default -> throw new IllegalStateException("Strimzi has no ACL pattern type for " + type);
        };
    }

    /** Kafka's operation in Strimzi's spelling: {@code DESCRIBE_CONFIGS} is {@code DescribeConfigs}. */
    static String operation(AclOperation operation) {
        StringBuilder out = new StringBuilder();
        for (String word : operation.name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static void requireName(String given, String name) {
        if (name.length() > MAX_NAME || !RESOURCE_NAME.matcher(name).matches()) {
            throw new ConfigurationException(given + ": '" + name + "' is no valid Kubernetes name (lower-case letters, digits, '-' and '.')");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
