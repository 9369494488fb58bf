package dev.orchestrators.core.errors;

import dev.orchestrators.core.tool.Capability;
import java.util.Set;

/**
 * A tool call outside the capabilities the orchestrator declared. Raised before the tool runs, so the
 * tool never sees the call. Permanent: granting the capability is a code or configuration change.
 */
public final class CapabilityDeniedException extends PermanentException {
    private final String orchestrator;
    private final String tool;
    private final Capability required;

    public CapabilityDeniedException(String orchestrator, String tool, Capability required, Set<Capability> granted) {
        super("CapabilityDenied",
                "orchestrator '" + orchestrator + "' may not call tool '" + tool + "': the tool needs capability "
                        + required + " but the orchestrator declares only " + new java.util.TreeSet<>(granted), null);
        this.orchestrator = orchestrator;
        this.tool = tool;
        this.required = required;
    }

    public String orchestrator() {
        return orchestrator;
    }

    public String tool() {
        return tool;
    }

    public Capability required() {
        return required;
    }
}
