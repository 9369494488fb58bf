package dev.orchestrators.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code orchestrator} command line: {@code run}, {@code flows}, {@code demo}, {@code publish}, {@code tail},
 * {@code topics}, {@code acls} and {@code bench}. Started by {@code bin/orchestrator}.
 */
@Command(name = "orchestrator", mixinStandardHelpOptions = true, version = "orchestrator 0.1.0",
        description = "Kafka-native orchestrators: flows of operational tools run as Kafka Streams topologies.",
        subcommands = {RunCommand.class, FlowsCommand.class, ToolsCommand.class, BrokerCommand.class, DemoCommand.class, PublishCommand.class,
                TailCommand.class, ReplayCommand.class, TopicsCommand.class, AclsCommand.class,
                dev.orchestrators.cli.bench.BenchCommand.class, dev.orchestrators.cli.chaos.ChaosCommand.class, CommandLine.HelpCommand.class})
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
        return new CommandLine(new OrchestratorCommand()).setExecutionExceptionHandler(new CommandErrors()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
