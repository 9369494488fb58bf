package dev.orchestrators.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.cli.OrchestratorCommand;
import dev.orchestrators.harness.bench.BenchCommand;
import dev.orchestrators.harness.chaos.ChaosCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** With orchestrator-harness on the class path, {@code orchestrator} offers {@code bench} and {@code chaos} as before. */
class HarnessCommandsTest {

    @Test
    void shouldAddBenchAndChaosToTheCommandLineBeforeHelp() {
        // when
        CommandLine orchestrator = OrchestratorCommand.commandLine();

        // then
        assertThat((Object) orchestrator.getSubcommands().get("bench").getCommand()).isInstanceOf(BenchCommand.class);
        assertThat((Object) orchestrator.getSubcommands().get("chaos").getCommand()).isInstanceOf(ChaosCommand.class);
        assertThat(orchestrator.getSubcommands().keySet()).containsSubsequence("run", "acls", "bench", "chaos", "help");
    }

    @Test
    void shouldListBenchAndChaosInTheHelp() {
        // when
        String help = OrchestratorCommand.commandLine().getUsageMessage();

        // then
        assertThat(help).contains("  bench ", "  chaos ", "  run ", "  demo ");
    }

    @Test
    void shouldTakeTheBenchOptionsAsBefore() {
        // when
        CommandLine.ParseResult parsed = OrchestratorCommand.commandLine()
                .parseArgs("bench", "--quick", "--scenarios", "envelope_identity", "--guarantees", "at_least_once");

        // then
        assertThat(parsed.subcommand().matchedOptionValue("--scenarios", List.of())).containsExactly("envelope_identity");
        assertThat(parsed.subcommand().matchedOptionValue("--guarantees", List.of())).containsExactly("at_least_once");
        assertThat(parsed.subcommand().hasMatchedOption("--quick")).isTrue();
    }

    @Test
    void shouldPrintTheChaosHelpAsBefore() {
        // given
        CommandLine orchestrator = OrchestratorCommand.commandLine();
        StringWriter out = new StringWriter();
        orchestrator.setOut(new PrintWriter(out, true));

        // when
        int exit = orchestrator.execute("chaos", "--help");

        // then
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: orchestrator chaos", "--quick", "--guarantee", "--hostile-share", "--json");
    }
}
