package dev.orchestrators.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of the command line in this JVM: its exit code, what it printed and what it printed on standard error.
 * Commands given no environment of their own ({@link FlowOptions#environmentVariables}) read this JVM's.
 */
public record CommandRun(int exit, String out, String err) {

    /** Runs {@code orchestrator <arguments>}. Not thread-safe: it replaces {@code System.out} and {@code System.err} meanwhile. */
    public static CommandRun of(List<String> arguments) {
        return of(arguments.toArray(String[]::new));
    }

    public static CommandRun of(String... arguments) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit = OrchestratorCommand.execute(arguments);
            return new CommandRun(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
