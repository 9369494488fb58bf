package dev.orchestrators.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A command run as a user would type it: in a directory, output and errors together, with a deadline. */
final class Command {
    private Command() {
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    /** {@code name} as found on the PATH, if it is there. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Runs {@code command} in {@code directory}; its output goes to {@code log} and is returned.
     *
     * @throws IllegalStateException when it runs longer than {@code deadline} (it is killed), with what it printed
     */
    static Result run(Path directory, Path log, Duration deadline, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " ran longer than " + deadline + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
