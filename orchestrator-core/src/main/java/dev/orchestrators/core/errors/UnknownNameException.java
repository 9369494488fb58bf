package dev.orchestrators.core.errors;

import java.util.Collection;
import java.util.TreeSet;

/** A flow, orchestrator or tool name that nothing was registered under. The message lists the known names. */
public final class UnknownNameException extends ConfigurationException {
    public UnknownNameException(String kind, String name, Collection<String> known) {
        super("unknown " + kind + " '" + name + "'; known " + kind + "s: " + new TreeSet<>(known));
    }
}
