package dev.orchestrators.cli.it;

import dev.orchestrators.cli.OrchestratorCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An {@code orchestrator run} worker in its own JVM, started from this test's class path, as an operator
 * would start one. Its standard output and error go to a log file, which {@link #output()} reads (and which a
 * failing test prints). {@link #kill()} is SIGKILL: no shutdown hook, no drain, no final commit.
 */
final class WorkerProcess implements AutoCloseable {
    /** What {@code orchestrator run} prints once every flow is RUNNING. */
    static final String RUNNING_LINE = "orchestrator running against";
    /** The prefix of the environment variables that configure a worker. */
    private static final String ORCHESTRATOR_SETTING = "ORCHESTRATOR_";

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -cp <this class path> OrchestratorCommand run <runArguments>}, logging to {@code log}, configured
     * by its arguments alone: this JVM's {@code ORCHESTRATOR_} variables are not passed on.
     */
    static WorkerProcess start(List<String> runArguments, Path log) {
        return start(runArguments, Map.of(), log);
    }

    /**
     * {@link #start(List, Path)} with {@code environment}'s variables, as a container is started with its image's and
     * its service's variables.
     */
    static WorkerProcess start(List<String> runArguments, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OrchestratorCommand.class.getName());
        command.add("run");
        command.addAll(runArguments);
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(variable -> variable.startsWith(ORCHESTRATOR_SETTING));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new WorkerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker: " + command, e);
        }
    }

    boolean isRunning() {
        return output().contains(RUNNING_LINE);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the worker has printed so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (the shutdown hook drains and closes cleanly), then SIGKILL if it does not exit in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(45))) {
            kill();
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
