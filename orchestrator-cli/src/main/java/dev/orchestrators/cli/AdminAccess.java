package dev.orchestrators.cli;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.UnknownNameException;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** What {@code topics} and {@code acls} share: which flows they are about, and an administrator's admin client. */
final class AdminAccess {
    private AdminAccess() {
    }

    /**
     * The flows named with {@code --flow} or configured to run ({@code --flows}, {@code orchestrator.flows}); with
     * neither, every flow if {@code allByDefault}.
     *
     * @throws UnknownNameException for a flow that is not registered
     * @throws ConfigurationException when no flow is named and {@code allByDefault} is false
     */
    static List<FlowPlan> selected(List<String> flowOption, OrchestratorConfig config, Map<String, FlowPlan> plans, boolean allByDefault) {
        List<String> names = new ArrayList<>(flowOption);
        config.getList(OrchestratorConfig.FLOWS_CONFIG).stream().filter(name -> !names.contains(name)).forEach(names::add);
        if (names.isEmpty()) {
            if (!allByDefault) {
                throw new ConfigurationException("name the flow with --flow NAME (repeatable)");
            }
            return List.copyOf(plans.values());
        }
        List<FlowPlan> selected = new ArrayList<>();
        for (String name : names) {
            if (!plans.containsKey(name)) {
                throw new UnknownNameException("flow", name, plans.keySet());
            }
            selected.add(plans.get(name));
        }
        return selected;
    }

    /**
     * An admin client to {@code --bootstrap-servers} with the command's security options (an administrator's).
     *
     * @throws ConfigurationException without {@code --bootstrap-servers}
     */
    static Admin admin(OrchestratorConfig config) {
        String bootstrap = config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap.isBlank()) {
            throw new ConfigurationException("--apply needs the cluster: --bootstrap-servers HOST:PORT (and an administrator's credentials)");
        }
        Map<String, Object> props = new HashMap<>(config.clientOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }
}
