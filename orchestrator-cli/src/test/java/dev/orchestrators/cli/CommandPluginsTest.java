package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.cli.spi.CommandPlugin;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Sub-commands from other jars ({@link CommandPlugin}): what {@code orchestrator} offers with them on the class path,
 * and what it says without orchestrator-harness, which is not on this module's class path.
 */
class CommandPluginsTest {

    @Test
    void shouldSayInOneLineThatBenchIsPartOfTheHarnessAndExitWithTheUsageCode() {
        // when
        CommandRun run = CommandRun.of("bench", "--quick", "--scenarios", "envelope_identity");

        // then
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasLineCount(1).contains("orchestrator bench is part of orchestrator-harness")
                .contains("bin/orchestrator");
    }

    @Test
    void shouldSayTheSameOfChaosEvenWhenAskedForItsHelp() {
        // when
        CommandRun run = CommandRun.of("chaos", "--help");

        // then
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("orchestrator chaos is part of orchestrator-harness");
    }

    @Test
    void shouldListTheCoreCommandsButNotTheMissingHarnessInItsHelp() {
        // when
        CommandRun run = CommandRun.of("--help");

        // then
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("  run ", "  flows ", "  tools ", "  broker ", "  demo ", "  publish ", "  tail ",
                "  replay ", "  topics ", "  acls ", "  help ").doesNotContain("  bench ", "  chaos ");
    }

    @Test
    void shouldAddEveryCommandAPluginOnTheClassPathContributesBeforeHelp(@TempDir Path dir) throws IOException {
        // given
        ClassLoader loader = classPathWithPlugins(dir, GreetCommand.class);

        // when
        CommandLine orchestrator = OrchestratorCommand.commandLine(loader);

        // then
        assertThat(orchestrator.getSubcommands()).containsKey("greet");
        assertThat((Object) orchestrator.getSubcommands().get("greet").getCommand()).isInstanceOf(GreetCommand.class);
        assertThat(orchestrator.getSubcommands().keySet()).endsWith("greet", "bench", "chaos", "help");
        assertThat(orchestrator.execute("greet")).isEqualTo(7);
    }

    @Test
    void shouldRefuseAPluginThatIsNoCommand(@TempDir Path dir) throws IOException {
        // given
        ClassLoader loader = classPathWithPlugins(dir, NotACommand.class);

        // when / then
        assertThatThrownBy(() -> OrchestratorCommand.commandLine(loader)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(NotACommand.class.getName()).hasMessageContaining("@Command");
    }

    @Test
    void shouldRefuseAPluginWhoseNameACoreCommandHas(@TempDir Path dir) throws IOException {
        // given
        ClassLoader loader = classPathWithPlugins(dir, AnotherRunCommand.class);

        // when / then
        assertThatThrownBy(() -> OrchestratorCommand.commandLine(loader)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(AnotherRunCommand.class.getName()).hasMessageContaining("named run")
                .hasMessageContaining(RunCommand.class.getName());
    }

    /** This class path plus a directory whose services file lists {@code plugins}. */
    @SafeVarargs
    private static ClassLoader classPathWithPlugins(Path dir, Class<? extends CommandPlugin>... plugins) throws IOException {
        Path services = dir.resolve("META-INF/services/" + CommandPlugin.class.getName());
        Files.createDirectories(services.getParent());
        StringBuilder lines = new StringBuilder();
        for (Class<? extends CommandPlugin> plugin : plugins) {
            lines.append(plugin.getName()).append('\n');
        }
        Files.writeString(services, lines);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, CommandPluginsTest.class.getClassLoader());
    }

    @Command(name = "greet", description = "Exits with 7.")
    public static final class GreetCommand implements Callable<Integer>, CommandPlugin {
        @Override
        public Integer call() {
            return 7;
        }
    }

    public static final class NotACommand implements CommandPlugin {
    }

    @Command(name = "run")
    public static final class AnotherRunCommand implements Runnable, CommandPlugin {
        @Override
        public void run() {
        }
    }
}
