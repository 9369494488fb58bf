package dev.orchestrators.cli.chaos;

import dev.orchestrators.cli.OrchestratorCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code orchestrator} command in a JVM of its own, started from this JVM's class path, with its output
 * in a log file. {@link #kill()} is SIGKILL (no shutdown hook, no drain, no final commit), {@link #stop()}
 * is SIGTERM. Not thread-safe.
 */
final class ChildJvm {
    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;
    private long logOffset;

    ChildJvm(String name, List<String> javaOptions, List<String> arguments, Path log) {
        this.name = name;
        this.log = log;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OrchestratorCommand.class.getName()));
        cmd.addAll(arguments);
        this.command = List.copyOf(cmd);
    }

    String name() {
        return name;
    }

    /** Starts the process (again, after a kill or stop), appending to its log. */
    void start() {
        try {
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits until this run of the process has printed {@code line}. */
    void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!outputSinceStart().contains(line)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited before it was ready; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
            }
            Thread.sleep(50);
        }
    }

    private String outputSinceStart() {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM (an orderly shutdown), then SIGKILL if it has not exited within {@code grace}. */
    void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(grace)) {
            kill();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path log() {
        return log;
    }
}
