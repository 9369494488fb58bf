package dev.orchestrators.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for a command of orchestrator-harness ({@code bench}, {@code chaos}) when that jar is not on the class
 * path: whatever its arguments, it says in one line where the command lives and exits with 2, picocli's code for a
 * usage error. Hidden from {@code --help}, which lists the commands that run.
 */
@Command(hidden = true)
final class MissingHarnessCommand implements Callable<Integer> {
    private final String name;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Whatever the real command would have taken; ignored. */
    @Unmatched
    List<String> arguments = new ArrayList<>();

    MissingHarnessCommand(String name) {
        this.name = name;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("orchestrator " + name + " is part of orchestrator-harness, which is not on the "
                + "class path: build it (mvn -B -DskipTests install) and use bin/orchestrator, which adds "
                + "orchestrator-harness/target/orchestrator-harness-*.jar");
        return CommandLine.ExitCode.USAGE;
    }
}
