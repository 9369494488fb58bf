package dev.orchestrators.core.tool;

import dev.orchestrators.core.errors.UnknownNameException;
import java.util.Optional;
import java.util.Set;

/**
 * The tools available to orchestrators, by name: the dependency-injection point that makes
 * orchestrators testable (inject fakes) and swappable (inject real adapters).
 *
 * <p>Implementations must be thread-safe for reads. {@code ToolContainerContractTest} (core's test-jar) is the
 * contract every implementation runs.
 */
public interface ToolContainer {

    /** The tool registered under {@code name}, if any. */
    Optional<Tool> find(String name);

    /** Every registered name; the set cannot be modified. */
    Set<String> names();

    /**
     * The tool registered under {@code name}.
     *
     * @throws UnknownNameException naming the known tools, when nothing is registered under {@code name}
     */
    default Tool get(String name) {
        return find(name).orElseThrow(() -> new UnknownNameException("tool", name, names()));
    }
}
