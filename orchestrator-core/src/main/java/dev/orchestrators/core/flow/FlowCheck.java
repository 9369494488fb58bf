package dev.orchestrators.core.flow;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.orchestrator.Description;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.Tool;
import dev.orchestrators.core.tool.ToolContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The start-up checks of a flow's composition, so that wiring mistakes stop the flow before its first
 * request instead of failing requests one by one:
 * <ol>
 *   <li>every tool a part names is in the flow's tools;</li>
 *   <li>a tool's capability is among those its orchestrator declares (a SEND tool is never wired into a
 *       part without that grant; calls are also refused at run time, this only finds them earlier);</li>
 *   <li>the sandboxing rule: a part that may WRITE or SEND and is declared to need validated input (or any
 *       such part, when the flow says so) has a validator before it in the running order.</li>
 * </ol>
 */
public final class FlowCheck {
    private FlowCheck() {
    }

    /**
     * @throws ConfigurationException listing every problem found, each naming the part and what to change
     */
    public static void check(Flow flow, Description root, ToolContainer tools) {
        List<String> problems = new ArrayList<>();
        checkTools(root, null, tools, problems);
        checkValidation(root, false, flow.sideEffectsNeedValidation(), tools, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("flow '" + flow.name() + "' cannot start:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static void checkTools(Description node, Description owner, ToolContainer tools, List<String> problems) {
        // A plain step calls tools with the capabilities of the orchestrator that owns it.
        Description grantor = Description.STEP.equals(node.kind()) && owner != null ? owner : node;
        for (String name : node.tools()) {
            Optional<Tool> tool = tools.find(name);
            if (tool.isEmpty()) {
                problems.add(node.kind() + " '" + node.name() + "' uses tool '" + name + "', which the flow does not have; its tools: "
                        + new TreeSet<>(tools.names()));
            } else if (!grantor.capabilities().contains(tool.get().capability())) {
                problems.add(node.kind() + " '" + node.name() + "' calls tool '" + name + "', which needs capability "
                        + tool.get().capability() + ", but " + grantor.kind() + " '" + grantor.name() + "' declares only "
                        + new TreeSet<>(grantor.capabilities()) + "; grant it with capabilities(...) or use another tool");
            }
        }
        Description nextOwner = Description.STEP.equals(node.kind()) ? owner : node;
        node.parts().forEach(part -> checkTools(part, nextOwner, tools, problems));
    }

    /**
     * Walks the parts in running order and returns whether a validator has run by the end of {@code node}. A
     * part is checked against what ran before it; a node's own calls (a saga's compensators) against what ran
     * before and inside it, since they run after its parts. {@code required} is the flow's rule, or the owner's
     * for a plain step.
     */
    private static boolean checkValidation(Description node, boolean validated, boolean required, ToolContainer tools,
                                           List<String> problems) {
        boolean requires = required || node.requiresValidatedInput();
        boolean seen = validated || node.validates();
        for (Description part : node.parts()) {
            // A plain step acts with its owner's grants, so it needs what its owner needs; a kind declares its own.
            boolean inherited = Description.STEP.equals(part.kind()) ? requires : required;
            seen = checkValidation(part, seen, inherited, tools, problems) || seen;
        }
        boolean before = node.parts().isEmpty() ? validated || node.validates() : seen;
        Set<Capability> effects = sideEffects(node, tools);
        if (requires && !effects.isEmpty() && !before) {
            problems.add(node.kind() + " '" + node.name() + "' may " + effects + " and is declared to need validated input, "
                    + "but no Validator runs before it; put a Validator step in front of it");
        }
        return seen;
    }

    /** The WRITE and SEND capabilities of the tools {@code node} names (its declaration, when it names none). */
    private static Set<Capability> sideEffects(Description node, ToolContainer tools) {
        Set<Capability> effects = new TreeSet<>();
        if (node.tools().isEmpty()) {
            effects.addAll(node.capabilities());
        }
        for (String name : node.tools()) {
            tools.find(name).ifPresent(tool -> effects.add(tool.capability()));
        }
        effects.remove(Capability.READ);
        return effects;
    }
}
