package dev.orchestrators.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** A worker's command line as a container would start it: {@code orchestrator <arguments>}, in an environment. */
final class WorkerCommand {
    private WorkerCommand() {
    }

    /**
     * The {@code run} command {@code arguments} start, reading {@code environment}'s variables.
     *
     * @throws CommandLine.ParameterException for an unknown option or command
     * @throws AssertionError when the arguments start another command than {@code run}
     */
    static RunCommand parse(List<String> arguments, Map<String, String> environment) {
        CommandLine.ParseResult parsed = OrchestratorCommand.commandLine().parseArgs(arguments.toArray(String[]::new));
        if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject() instanceof RunCommand run)) {
            throw new AssertionError("a worker runs `orchestrator run`, not " + arguments);
        }
        run.options.environmentVariables = environment;
        return run;
    }
}
