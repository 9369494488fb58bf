package dev.orchestrators.harness.chaos;

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
    /** Whether the harness itself ended the current run of the process (a kill or a stop). */
    private volatile boolean ended;

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
            ended = false;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** {@code running}, {@code exited with <code>}, or {@code not started}. */
    String state() {
        if (process == null) {
            return "not started";
        }
        return process.isAlive() ? "running (pid " + process.pid() + ")" : "exited with " + process.exitValue();
    }

    /** Whether the process exited on its own: not killed or stopped by the harness. */
    boolean exitedOnItsOwn() {
        return process != null && !ended && !process.isAlive();
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
        ended = true;
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM (an orderly shutdown), then SIGKILL if it has not exited within {@code grace}. */
    void stop(Duration grace) {
        ended = true;
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

    /**
     * Writes the process's thread dump ({@code jcmd <pid> Thread.print}) to {@code file}, for a run that stalled;
     * a failure to take it is written there instead.
     */
    void dumpThreads(Path file) {
        if (!isAlive()) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
            }
        } catch (IOException e) {
            try {
                Files.writeString(file, "no thread dump of " + name + ": " + e);
            } catch (IOException unwritable) {
                System.err.printf("no thread dump of %s: %s (and %s cannot be written: %s)%n", name, e, file, unwritable);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path log() {
        return log;
    }
}
