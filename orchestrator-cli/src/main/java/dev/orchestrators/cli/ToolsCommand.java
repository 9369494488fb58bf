package dev.orchestrators.cli;

import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code orchestrator tools}: the tools {@code tool.<name>.*} settings configure, with their type, capability, settings
 * (secrets by reference only), the flows that call them, and whether each reaches its system; then the flows' own
 * (sample) tools. Exits 1 when a configured tool is unreachable, so a script or an init container can wait on it.
 */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = "List the configured tools (tool.<name>.type=...), their capability and settings, and check that "
                + "each reaches its system; exit code 1 when one does not.")
final class ToolsCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--no-check", description = "List only; do not contact the systems.")
    boolean noCheck;

    @Option(names = "--timeout-ms", description = "How long each check may take (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    long timeoutMs;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (ConfiguredTools configured = options.tools()) {
            return list(configured);
        }
    }

    private int list(ConfiguredTools configured) throws Exception {
        Map<String, Description> flows = new TreeMap<>();
        FlowPlan.of(options.registry(), options.context(), options.config().getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG))
                .forEach((name, plan) -> {
                    if (options.flows.isEmpty() || options.flows.contains(name)) {
                        flows.put(name, plan.description());
                    }
                });
        Map<String, ToolHealth> health = noCheck ? Map.of() : check(configured);
        List<Map<String, Object>> rows = new ArrayList<>();
        configured.adapters().forEach((name, adapter) -> rows.add(row(name, adapter, usedBy(flows, name), health.get(name))));
        Map<String, TreeSet<String>> samples = sampleTools(flows, configured);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("configured", rows);
            out.put("flow_tools", samples);
            System.out.println(dev.orchestrators.streams.serde.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            print(rows, samples);
        }
        return health.values().stream().allMatch(ToolHealth::reachable) ? 0 : 1;
    }

    private Map<String, ToolHealth> check(ConfiguredTools configured) {
        Map<String, CompletableFuture<ToolHealth>> checks = new LinkedHashMap<>();
        configured.adapters().forEach((name, adapter) -> checks.put(name, adapter.checkHealth().toCompletableFuture()
                .completeOnTimeout(ToolHealth.down("no answer within " + timeoutMs + " ms", Duration.ofMillis(timeoutMs)),
                        timeoutMs, TimeUnit.MILLISECONDS)));
        Map<String, ToolHealth> out = new LinkedHashMap<>();
        checks.forEach((name, check) -> out.put(name, check.join()));
        return out;
    }

    private static Map<String, Object> row(String name, ToolAdapter adapter, List<String> flows, ToolHealth health) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("type", adapter.type());
        row.put("capability", adapter.capability().name());
        row.put("used_by", flows);
        row.put("settings", adapter.describe());
        if (health != null) {
            row.put("reachable", health.reachable());
            row.put("detail", health.detail());
            row.put("took_ms", health.took().toMillis());
        }
        return row;
    }

    /** The flows whose orchestrators call {@code tool} (as their composition declares it). */
    private static List<String> usedBy(Map<String, Description> flows, String tool) {
        return flows.entrySet().stream().filter(e -> e.getValue().allTools().contains(tool)).map(Map.Entry::getKey).toList();
    }

    /** The tools the flows call that no setting configures (their own, e.g. samples), with the flows that call them. */
    private static Map<String, TreeSet<String>> sampleTools(Map<String, Description> flows, ConfiguredTools configured) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        flows.forEach((flow, description) -> description.allTools().stream().filter(n -> !configured.names().contains(n))
                .forEach(n -> out.computeIfAbsent(n, k -> new TreeSet<>()).add(flow)));
        return out;
    }

    private static void print(List<Map<String, Object>> rows, Map<String, TreeSet<String>> samples) {
        if (rows.isEmpty()) {
            System.out.println("no tool configured (set tool.<name>.type=... and its keys; see docs/tools.md)");
        }
        for (Map<String, Object> row : rows) {
            Object reachable = row.get("reachable");
            String verdict = reachable == null ? "not checked" : (Boolean) reachable ? "reachable" : "UNREACHABLE";
            System.out.printf("%-22s %-14s %-5s %-12s %s%n", row.get("name"), row.get("type"), row.get("capability"), verdict,
                    row.get("detail") == null ? "" : row.get("detail") + " (" + row.get("took_ms") + " ms)");
            System.out.println("    used by:  " + row.get("used_by"));
            System.out.println("    settings: " + row.get("settings"));
        }
        if (!samples.isEmpty()) {
            System.out.println();
            System.out.println("the flows' own tools (not configured by tool.<name>.*; the reference flows' are in-memory samples):");
            samples.forEach((tool, flows) -> System.out.printf("  %-36s %s%n", tool, flows));
        }
    }
}
