package dev.orchestrators.cli;

import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.security.AccessPlan;
import dev.orchestrators.streams.serde.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
                        + "--security-protocol SASL_SSL --sasl-username admin --sasl-password-file admin.password"})
final class AclsCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--flow", paramLabel = "NAME", description = "The flow whose workers the ACLs are for (repeatable).")
    List<String> flows = new ArrayList<>();

    @Option(names = "--principal", required = true, paramLabel = "TYPE:NAME", description = "Who runs the workers, e.g. User:lead-worker.")
    String principal;

    @Option(names = "--apply", description = "Create the ACLs on --bootstrap-servers (as the administrator the security options name).")
    boolean apply;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        OrchestratorConfig config = options.config();
        Map<String, FlowPlan> plans = FlowPlan.of(options.registry(), options.context(),
                config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG));
        List<AccessPlan> accesses = new ArrayList<>();
        for (FlowPlan plan : AdminAccess.selected(flows, options, plans, false)) {
            accesses.add(AccessPlan.of(plan, plans.values(), config, principal));
        }
        print(accesses);
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

    private void print(List<AccessPlan> accesses) throws Exception {
        if (json) {
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
