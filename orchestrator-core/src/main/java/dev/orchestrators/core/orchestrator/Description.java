package dev.orchestrators.core.orchestrator;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orchestrators.core.tool.Capability;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What an orchestrator or step is made of, as declared: its kind, the capabilities it may use, the tools it
 * names and its parts in the order they run. Flows are checked against it at start-up (every named tool
 * exists and fits the declared capabilities; side effects that need validated input have a validator in
 * front of them) and {@code orchestrator flows} prints it. Immutable.
 *
 * @param name                   the orchestrator's or step's name
 * @param kind                   {@code coordinator}, {@code enricher}, ..., or {@code step} for a plain step
 * @param capabilities           what the node may use; empty for a plain step (it uses its owner's)
 * @param tools                  the tools the node calls by name (a plain function step may call others)
 * @param validates              true for a validator: what runs after it sees validated input
 * @param requiresValidatedInput true when the node's side effects may only run after a validator
 * @param parts                  nested steps and orchestrators, in order
 */
public record Description(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("capabilities") Set<Capability> capabilities,
        @JsonProperty("tools") Set<String> tools,
        @JsonProperty("validates") boolean validates,
        @JsonProperty("requires_validated_input") boolean requiresValidatedInput,
        @JsonProperty("parts") List<Description> parts) {

    /** The kind of a plain step (a function, {@code Steps.of}). */
    public static final String STEP = "step";

    public Description {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        tools = tools == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(tools));
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** A plain step that names no tool. */
    public static Description ofStep(String name) {
        return new Description(name, STEP, Set.of(), Set.of(), false, false, List.of());
    }

    /** A plain step that calls {@code tools} with its owner's capabilities. */
    public static Description ofStep(String name, String... tools) {
        return new Description(name, STEP, Set.of(), new LinkedHashSet<>(List.of(tools)), false, false, List.of());
    }

    /** Whether the node may change the world (WRITE or SEND). */
    public boolean sideEffecting() {
        return capabilities.contains(Capability.WRITE) || capabilities.contains(Capability.SEND);
    }

    /** This node and every part below it, depth first, in running order. */
    public List<Description> flatten() {
        List<Description> all = new ArrayList<>();
        visit(all::add);
        return all;
    }

    private void visit(Consumer<Description> visitor) {
        visitor.accept(this);
        parts.forEach(part -> part.visit(visitor));
    }

    /** Every kind in this tree, in first-seen order. */
    public Set<String> kinds() {
        Set<String> kinds = new LinkedHashSet<>();
        visit(node -> kinds.add(node.kind()));
        return kinds;
    }

    /** The union of the capabilities declared in this tree. */
    public Set<Capability> allCapabilities() {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        visit(node -> all.addAll(node.capabilities()));
        return all;
    }

    /** Every tool named in this tree. */
    public Set<String> allTools() {
        Set<String> all = new TreeSet<>();
        visit(node -> all.addAll(node.tools()));
        return all;
    }
}
