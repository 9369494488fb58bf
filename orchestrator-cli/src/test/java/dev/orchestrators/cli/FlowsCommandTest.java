package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrator flows}: what a user sees of the flows the process would host, their own included. */
class FlowsCommandTest {

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = OrchestratorCommand.execute(args);
            assertThat(exit).as("exit code of orchestrator " + String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldListEveryReferenceFlowWithItsTopologyKindsCapabilitiesAndTopics() {
        // when
        String out = run("flows");

        // then
        assertThat(out).contains("lead_sync  (pipeline)", "support_triage  (router)", "account_provisioning  (saga)",
                "followup_reminder  (scheduler)", "company_search  (pipeline)", "lead_intake  (pipeline)");
        assertThat(out).contains("kinds:        saga, validator, executor")
                .contains("writes:       account_provisioning.results, orchestrator.audit, account_provisioning.dlq, account_provisioning.compensations")
                .contains("reads:        support_triage.requests")
                .contains("lead_intake.requests, support_ticket.requests")
                .contains("capabilities: [READ, SEND]");
    }

    @Test
    void shouldLoadAUsersFlowsFromAJarAndCheckThem(@TempDir Path dir) throws Exception {
        // given a jar with a FlowProvider, built as a user would
        Path jar = UserFlowsJar.build(dir);

        // when
        String out = run("flows", "--flows-jar", jar.toString(), "--no-samples", "-D", "greeting.word=bonjour");

        // then
        assertThat(out).contains("greeting  (pipeline)").contains("says bonjour").contains("tools:        [greeter]")
                .contains("reads:        greeting.requests").doesNotContain("lead_sync");
    }

    @Test
    void shouldPrintJsonForScripts() {
        // when
        String out = run("flows", "--json");

        // then
        assertThat(out).startsWith("[").contains("\"name\" : \"support_triage\"").contains("\"topology\" : \"router\"")
                .contains("\"reply_topics\" : [ \"support_triage.results\" ]");
    }
}
