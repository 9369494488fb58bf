package dev.orchestrators.cli;

import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.security.AccessPlan;
import dev.orchestrators.streams.serde.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrator acls}: the least-privilege ACLs of a flow's workers, printed or created. */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Print (and with --apply create through the admin API) the ACLs a flow's workers need and nothing more, "
                + "derived from the flow's declaration: read its inputs, write its outputs, its changelogs, consumer group "
                + "and transactional ids. No Create: pre-create the topics with 'orchestrator topics --apply'.",
                "Example: orchestrator acls --flow lead_sync --principal User:lead-worker --apply --bootstrap-servers HOST:PORT "
                        + "--security-protocol SASL_SSL --sasl-username admin --sasl-password-file admin.password",
                "On Kubernetes with Strimzi: orchestrator acls --flow lead_sync --principal User:lead-worker --format strimzi "
                        + "--cluster my-cluster > kafka-user.yaml (a KafkaUser with these ACLs, SCRAM-SHA-512)"})
final class AclsCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--flow", paramLabel = "NAME", description = "The flow whose workers the ACLs are for (repeatable).")
    List<String> flows = new ArrayList<>();

    @Option(names = "--principal", required = true, paramLabel = "TYPE:NAME", description = "Who runs the workers, e.g. User:lead-worker.")
    String principal;

    @Option(names = "--apply", description = "Create the ACLs on --bootstrap-servers (as the administrator the security options name).")
    boolean apply;

    @Option(names = "--json", description = "Print JSON instead of text (same as --format json).")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, json, or strimzi: one Strimzi KafkaUser with every ACL, as YAML (default: text).")
    String format;

    @Option(names = "--cluster", paramLabel = "NAME", description = "With --format strimzi: the Strimzi Kafka cluster (label strimzi.io/cluster).")
    String cluster;

    @Option(names = "--namespace", paramLabel = "NAMESPACE",
            description = "With --format strimzi: the resource's namespace (default: none, the one it is applied in).")
    String namespace;

    /** Output formats; each renders the same {@link AccessPlan}s. */
    enum Format { TEXT, JSON, STRIMZI }

    @Override
    public Integer call() throws Exception {
        Format output;
        try {
            output = format == null ? (json ? Format.JSON : Format.TEXT) : Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("--format must be text, json or strimzi, was " + format);
            return 2;
        }
        if (json && output != Format.JSON || output == Format.STRIMZI && apply) {
            System.err.println(json ? "--json and --format " + format + " contradict each other"
                    : "--format strimzi prints a KafkaUser for the Strimzi user operator to create; without --apply");
            return 2;
        }
        OrchestratorConfig config = options.config();
        Map<String, FlowPlan> plans = FlowPlan.of(options.registry(), options.context(),
                config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG));
        List<AccessPlan> accesses = new ArrayList<>();
        for (FlowPlan plan : AdminAccess.selected(flows, config, plans, false)) {
            accesses.add(AccessPlan.of(plan, plans.values(), config, principal));
        }
        if (output == Format.STRIMZI) {
            System.out.print(StrimziResources.yaml(List.of(new StrimziResources(cluster, namespace).user(accesses))));
        } else {
            print(output, accesses);
        }
        accesses.forEach(access -> access.warnings().forEach(w -> System.err.println("warning: " + w)));
        if (apply) {
            List<AclBinding> bindings = accesses.stream().flatMap(a -> a.bindings().stream()).distinct().toList();
            try (Admin admin = AdminAccess.admin(config)) {
                admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
            }
            System.err.printf("created %d ACLs for %s on %s%n", bindings.size(), principal,
                    config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG));
        }
        return 0;
    }

    private static void print(Format output, List<AccessPlan> accesses) throws Exception {
        if (output == Format.JSON) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (AccessPlan access : accesses) {
                Map<String, Object> flow = new LinkedHashMap<>();
                flow.put("flow", access.flow());
                flow.put("principal", access.principal());
                flow.put("acls", access.grants().stream().map(AccessPlan::toMap).toList());
                flow.put("warnings", access.warnings());
                out.add(flow);
            }
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            return;
        }
        for (AccessPlan access : accesses) {
            System.out.printf("# flow %s: %d ACLs for %s (permission principal operation resource-type pattern-type name)%n",
                    access.flow(), access.grants().size(), access.principal());
            int width = access.grants().stream().mapToInt(g -> AccessPlan.line(g.binding()).length()).max().orElse(0);
            for (AccessPlan.Grant grant : access.grants()) {
                String line = AccessPlan.line(grant.binding());
                System.out.println(line + " ".repeat(width - line.length()) + "  # " + grant.reason());
            }
        }
    }
}
