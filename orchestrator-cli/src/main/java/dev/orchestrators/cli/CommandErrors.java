package dev.orchestrators.cli;

import dev.orchestrators.core.errors.ConfigurationException;
import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How every command reports a failure: in one line on standard error, never as a stack trace unless
 * {@value #VERBOSE} was given. A mistake of the user's (a {@link ConfigurationException}: a missing jar, an unknown
 * flow, a bad key or value; or Kafka's {@link ConfigException}) is its message, exit code 2 as for a bad option; anything
 * else is the failure and its root cause, and how to see the stack trace, exit code 1. Stateless.
 */
final class CommandErrors implements CommandLine.IExecutionExceptionHandler {
    /** The option that adds the stack trace. */
    static final String VERBOSE = "--verbose";

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        boolean mistake = failure instanceof ConfigurationException || failure instanceof ConfigException;
        if (mistake) {
            err.println(command.getColorScheme().errorText(name + ": " + oneLine(failure.getMessage())));
        } else {
            err.println(command.getColorScheme().errorText(name + ": " + describe(failure)));
        }
        boolean verbose = verbose(parseResult);
        if (verbose) {
            failure.printStackTrace(err);
        } else if (!mistake) {
            err.println("run with " + VERBOSE + " for the stack trace");
        }
        err.flush();
        return mistake ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }

    /** Whether {@value #VERBOSE} was given to the top command or to the subcommand that failed. */
    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /** The failure's type and message, and its root cause's when that says more. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        if (root != failure && (root.getMessage() == null || !text.contains(root.getMessage()))) {
            text += " (caused by " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return oneLine(text);
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
