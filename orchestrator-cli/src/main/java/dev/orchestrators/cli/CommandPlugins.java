package dev.orchestrators.cli;

import dev.orchestrators.cli.spi.CommandPlugin;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Adds to {@code orchestrator} the sub-commands that {@link CommandPlugin}s on the class path contribute, and, for
 * each command of orchestrator-harness that is not among them, a hidden stand-in that says where it lives.
 */
final class CommandPlugins {
    /** The commands orchestrator-harness contributes, known here so that their absence can be explained. */
    static final List<String> HARNESS_COMMANDS = List.of("bench", "chaos");

    private CommandPlugins() {
    }

    /**
     * Adds every plugin {@code loader} finds to {@code orchestrator}, then the stand-ins.
     *
     * @throws IllegalStateException when a plugin is no {@code @Command} or its name is taken
     * @throws java.util.ServiceConfigurationError when a plugin cannot be loaded or instantiated
     */
    static void addTo(CommandLine orchestrator, ClassLoader loader) {
        for (CommandPlugin plugin : ServiceLoader.load(CommandPlugin.class, loader)) {
            Command command = plugin.getClass().getAnnotation(Command.class);
            if (command == null || command.name().isBlank() || command.name().equals("<main class>")) {
                throw new IllegalStateException("the command plugin " + plugin.getClass().getName()
                        + " is not annotated with @Command(name = ...)");
            }
            if (orchestrator.getSubcommands().containsKey(command.name())) {
                throw new IllegalStateException("the command plugin " + plugin.getClass().getName() + " is named "
                        + command.name() + ", which " + orchestrator.getSubcommands().get(command.name()).getCommand().getClass().getName()
                        + " already is");
            }
            orchestrator.addSubcommand(plugin);
        }
        for (String name : HARNESS_COMMANDS) {
            if (!orchestrator.getSubcommands().containsKey(name)) {
                orchestrator.addSubcommand(name, new MissingHarnessCommand(name));
            }
        }
    }
}
