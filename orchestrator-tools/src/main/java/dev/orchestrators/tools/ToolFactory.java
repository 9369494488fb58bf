package dev.orchestrators.tools;

import dev.orchestrators.core.config.ConfigKey;
import java.util.List;

/**
 * Makes tools of one adapter type from their settings: the service-provider interface behind
 * {@code tool.<name>.type}. Register an implementation in
 * {@code META-INF/services/dev.orchestrators.tools.ToolFactory}; {@link ConfiguredTools} finds every factory on
 * the class path. Implementations need a public no-argument constructor and are stateless.
 */
public interface ToolFactory {

    /** The value of {@code tool.<name>.type} this factory serves, e.g. {@code sql-query}. */
    String type();

    /** One sentence for the docs: what a tool of this type does. */
    String description();

    /**
     * Every key a tool of this type reads, relative to {@code tool.<name>.}; {@code docs/configuration.md} is
     * generated from them, and a key that is not listed is refused at start-up.
     */
    List<ConfigKey<?>> keys();

    /**
     * The tool the settings describe.
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException naming the key, when a setting is missing or bad
     */
    ToolAdapter create(ToolSettings settings);
}
