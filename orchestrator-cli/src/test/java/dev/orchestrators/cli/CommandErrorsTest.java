package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A command that fails says why in one line, with the stack trace only when asked for. */
class CommandErrorsTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAFlowsJarThatRegistersNoProviderInOneLine() throws Exception {
        // given a jar whose services file is missing
        Path jar = UserFlowsJar.withoutServicesFile(dir);

        // when
        CommandRun run = CommandRun.of("flows", "--no-samples", "--flows-jar", jar.toString());

        // then
        assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("orchestrator flows: --flows-jar " + jar + " contributes no flow: it registers "
                + "no FlowProvider in META-INF/services/dev.orchestrators.core.flow.FlowProvider");
    }

    @Test
    void shouldRefuseAFlowsJarWhoseProviderReturnsNoFlowEvenBesideTheSamples() throws Exception {
        // given
        Path jar = UserFlowsJar.withAnEmptyProvider(dir);

        // when
        CommandRun run = CommandRun.of("flows", "--flows-jar", jar.toString());

        // then
        assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err().lines()).containsExactly("orchestrator flows: --flows-jar " + jar
                + " contributes no flow: com.example.flows.NoFlows returns none");
    }

    @Test
    void shouldReportAMissingJarInOneLineWithoutAStackTrace() {
        // given
        Path missing = dir.resolve("missing.jar");

        // when
        CommandRun run = CommandRun.of("run", "--flows-jar", missing.toString());

        // then
        assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err().lines()).containsExactly("orchestrator run: --flows-jar " + missing + ": no such file");
    }

    @Test
    void shouldAddTheStackTraceWithVerboseGivenBeforeOrAfterTheCommand() {
        // given
        Path missing = dir.resolve("missing.jar");

        // when
        CommandRun before = CommandRun.of("--verbose", "flows", "--flows-jar", missing.toString());
        CommandRun after = CommandRun.of("flows", "--flows-jar", missing.toString(), "--verbose");

        // then
        for (CommandRun run : java.util.List.of(before, after)) {
            assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(run.err().lines().findFirst()).hasValue("orchestrator flows: --flows-jar " + missing + ": no such file");
            assertThat(run.err()).contains("dev.orchestrators.core.errors.ConfigurationException").contains("\tat ");
        }
    }

    /** A command that fails as a bug or an outage would, not as a user's mistake. */
    @Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @Option(names = CommandErrors.VERBOSE)
        boolean verbose;

        @Override
        public Integer call() {
            throw new IllegalStateException("the broker went away", new java.io.IOException("Connection refused"));
        }
    }

    private static String[] runBroken(String... args) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Broken()).setExecutionExceptionHandler(new CommandErrors())
                .setErr(new PrintWriter(err, true)).execute(args);
        return new String[] {Integer.toString(exit), err.toString()};
    }

    @Test
    void shouldReportAnUnexpectedFailureInOneLineAndSayHowToSeeItsStackTrace() {
        // when
        String[] run = runBroken();

        // then
        assertThat(run[0]).isEqualTo(Integer.toString(CommandLine.ExitCode.SOFTWARE));
        assertThat(run[1].lines()).containsExactly(
                "broken: IllegalStateException: the broker went away (caused by IOException: Connection refused)",
                "run with --verbose for the stack trace");
    }

    @Test
    void shouldPrintTheStackTraceOfAnUnexpectedFailureWithVerbose() {
        // when
        String[] run = runBroken("--verbose");

        // then
        assertThat(run[0]).isEqualTo(Integer.toString(CommandLine.ExitCode.SOFTWARE));
        assertThat(run[1]).contains("java.lang.IllegalStateException: the broker went away").contains("\tat ")
                .contains("Caused by: java.io.IOException: Connection refused").doesNotContain("run with --verbose");
    }
}
