package dev.orchestrators.streams.serde;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.registry.RestSchemaRegistry;
import dev.orchestrators.streams.registry.SchemaRegistry;
import dev.orchestrators.streams.registry.SubjectNameStrategy;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The wire format of every flow, by name: a flow writes its own envelopes in its format, and a request it passes to
 * another flow (a router's sub-flow, a scheduler's target) or an envelope it writes to another flow's topic (a
 * router's results) in that flow's format. Immutable and thread-safe.
 */
public final class WireFormats {
    private static final WireFormats ALL_JSON = new WireFormats(Map.of(), WireFormat.json());

    private final Map<String, WireFormat> byFlow;
    private final WireFormat otherwise;

    private WireFormats(Map<String, WireFormat> byFlow, WireFormat otherwise) {
        this.byFlow = Map.copyOf(byFlow);
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    /** JSON for every flow. */
    public static WireFormats allJson() {
        return ALL_JSON;
    }

    /** {@code byFlow} for the flows it names, {@code otherwise} for the others. */
    public static WireFormats of(Map<String, WireFormat> byFlow, WireFormat otherwise) {
        return new WireFormats(byFlow, otherwise);
    }

    /**
     * The formats {@code config} gives {@code flows} ({@code orchestrator.wire.format}, overridable per flow with
     * {@code flow.<flow>.orchestrator.wire.format}); flows not named get the configuration's default. Flows on the same
     * registry share one client (and its caches).
     *
     * @throws ConfigurationException naming the key when a flow is Avro without {@code schema.registry.url}, or the
     *                                URL is not http(s)
     */
    public static WireFormats fromConfig(OrchestratorConfig config, Collection<String> flows) {
        Map<List<Object>, SchemaRegistry> registries = new HashMap<>();
        Map<String, WireFormat> byFlow = new HashMap<>();
        for (String flow : flows) {
            byFlow.put(flow, formatOf(config.forFlow(flow), flow, registries));
        }
        return new WireFormats(byFlow, formatOf(config, null, registries));
    }

    private static WireFormat formatOf(OrchestratorConfig config, String flow, Map<List<Object>, SchemaRegistry> registries) {
        if (!"avro".equals(config.getString(OrchestratorConfig.WIRE_FORMAT_CONFIG))) {
            return WireFormat.json();
        }
        String url = config.getString(OrchestratorConfig.SCHEMA_REGISTRY_URL_CONFIG);
        if (url.isBlank()) {
            throw new ConfigurationException(OrchestratorConfig.SCHEMA_REGISTRY_URL_CONFIG + " is required: "
                    + (flow == null ? "the default wire format" : "flow " + flow + "'s wire format") + " is avro ("
                    + OrchestratorConfig.WIRE_FORMAT_CONFIG + ")");
        }
        String userInfo = config.getPassword(OrchestratorConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_CONFIG).value();
        long timeoutMs = config.getLong(OrchestratorConfig.SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG);
        SchemaRegistry registry = registries.computeIfAbsent(List.of(url, userInfo, timeoutMs), key -> {
            try {
                return RestSchemaRegistry.of(url).withBasicAuth(userInfo).withRequestTimeout(Duration.ofMillis(timeoutMs));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(OrchestratorConfig.SCHEMA_REGISTRY_URL_CONFIG + ": " + e.getMessage(), e);
            }
        });
        return WireFormat.avro(registry,
                SubjectNameStrategy.of(config.getString(OrchestratorConfig.SCHEMA_REGISTRY_SUBJECT_NAME_STRATEGY_CONFIG)),
                config.getBoolean(OrchestratorConfig.SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG));
    }

    /** The format of flow {@code flow}'s requests and envelopes. */
    public WireFormat of(String flow) {
        return byFlow.getOrDefault(flow, otherwise);
    }
}
