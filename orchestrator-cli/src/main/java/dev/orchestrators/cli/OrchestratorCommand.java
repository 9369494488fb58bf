package dev.orchestrators.cli;

import dev.orchestrators.cli.spi.CommandPlugin;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code orchestrator} command line: {@code run}, {@code flows}, {@code tools}, {@code broker}, {@code demo},
 * {@code publish}, {@code tail}, {@code replay}, {@code topics} and {@code acls}, and the commands that
 * {@link CommandPlugin}s on the class path add ({@code bench} and {@code chaos} of orchestrator-harness). Started by
 * {@code bin/orchestrator}.
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true, version = "orchestrator 0.1.0",
        description = "Kafka-native orchestrators: flows of operational tools run as Kafka Streams topologies.",
        subcommands = {RunCommand.class, FlowsCommand.class, ToolsCommand.class, BrokerCommand.class, DemoCommand.class, PublishCommand.class,
                TailCommand.class, ReplayCommand.class, TopicsCommand.class, AclsCommand.class})
public final class OrchestratorCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = CommandErrors.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "When a command fails, print the stack trace too (errors are one line otherwise).")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code (for tests and embedding): 0, 1 when a command fails, 2 for a
     * mistake on the command line or in the configuration (reported in one line; see {@link CommandErrors}).
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line with all its sub-commands: the core ones, those the {@link CommandPlugin}s on this class's
     * class path contribute, and {@code help}; a failing command reports in one line ({@link CommandErrors}).
     *
     * @throws IllegalStateException when a plugin is no {@code @Command} or takes a name already taken
     */
    public static CommandLine commandLine() {
        return commandLine(OrchestratorCommand.class.getClassLoader());
    }

    /** {@link #commandLine()} with the plugins {@code loader} finds. */
    static CommandLine commandLine(ClassLoader loader) {
        CommandLine orchestrator = new CommandLine(new OrchestratorCommand());
        CommandPlugins.addTo(orchestrator, loader);
        orchestrator.addSubcommand(new CommandLine.HelpCommand());
        return orchestrator.setExecutionExceptionHandler(new CommandErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
