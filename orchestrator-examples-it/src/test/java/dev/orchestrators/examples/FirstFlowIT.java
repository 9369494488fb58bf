package dev.orchestrators.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Follows docs/first-flow.md as a new user would, on a copy of examples/first-flow: builds it with Maven against this
 * build's artifacts (installed, as the guide's {@code mvn install} would, by the pre-integration-test phase), which
 * runs its test-kit test, then lists its flows jar with the command-line jar {@code bin/orchestrator} runs. Skips,
 * saying why, where {@code mvn} is not on the PATH.
 */
class FirstFlowIT {
    private static final Duration BUILD_DEADLINE = Duration.ofMinutes(4);
    private static final Duration CLI_DEADLINE = Duration.ofMinutes(1);
    private static final String FLOWS_JAR = "target/order-flows-1.0.0-SNAPSHOT.jar";

    private static Path project;
    private static Command.Result build;

    @BeforeAll
    static void buildTheExampleAsAUserWould() throws IOException, InterruptedException {
        Path mvn = Command.onPath("mvn").orElse(null);
        assumeTrue(mvn != null, "skipped: mvn is not on the PATH, and FirstFlowIT builds examples/first-flow with it");
        Path work = Path.of(System.getProperty("work.dir"));
        project = copy(Path.of(System.getProperty("examples.dir"), "first-flow"), work.resolve("first-flow"));
        Path repository = LocalRepository.completedFrom(Path.of(System.getProperty("it.local.repository")),
                Path.of(System.getProperty("user.local.repository")));

        // offline: the example uses the plugins and test libraries this build uses, so this build has downloaded them
        build = Command.run(project, work.resolve("mvn-verify.log"), BUILD_DEADLINE,
                List.of(mvn.toString(), "-B", "-o", "-Dmaven.repo.local=" + repository, "verify"));
    }

    @Test
    void shouldBuildTheExampleAndPassItsTestKitTestsWithoutLoggerWarnings() {
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(testsRun(build.output())).as(build.output()).isPositive();
        assertThat(build.output()).doesNotContain("SLF4J: No providers", "SLF4J: Defaulting to no-operation");
        assertThat(project.resolve(FLOWS_JAR)).isRegularFile();
    }

    @Test
    void shouldHostTheExampleFlowFromItsFlowsJar() throws IOException, InterruptedException {
        assumeTrue(build.exitCode() == 0, "the example did not build (see the other test)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        Command.Result flows = Command.run(project, project.resolve("target/flows.log"), CLI_DEADLINE,
                List.of(java.toString(), "-jar", System.getProperty("orchestrator.cli.jar"),
                        "flows", "--flows-jar", FLOWS_JAR, "--no-samples"));

        assertThat(flows.exitCode()).as(flows.output()).isZero();
        assertThat(flows.output().strip()).as("what the guide shows").isEqualTo(guideBlockStartingWith("order_status  (pipeline)"));
    }

    /** The fenced block of docs/first-flow.md whose first line is {@code firstLine}, without the fences. */
    private static String guideBlockStartingWith(String firstLine) throws IOException {
        String guide = Files.readString(Path.of(System.getProperty("guide.file")));
        Matcher block = Pattern.compile("(?ms)^```\\n(" + Pattern.quote(firstLine) + "\\n.*?)\\n```$").matcher(guide);
        assertThat(block.find()).as("docs/first-flow.md shows the output of flows").isTrue();
        return block.group(1);
    }

    /** How many tests the build ran, from surefire's summary line ("Tests run: 4, Failures: 0, ..."); 0 if none. */
    private static int testsRun(String output) {
        Matcher summary = Pattern.compile("(?m)^\\[INFO\\] Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0$").matcher(output);
        int run = 0;
        while (summary.find()) {
            run = Integer.parseInt(summary.group(1));
        }
        return run;
    }

    /** A fresh copy of the example's sources (what a user writes), without any earlier build output. */
    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
