package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.cli.UserFlowsJar;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's own flow, shipped as a jar, hosted by {@code orchestrator run --flows-jar} without forking the CLI. */
@Timeout(180)
class UserFlowsIT {
    @RegisterExtension
    static final KafkaBroker broker = new KafkaBroker();

    @RegisterExtension
    final WorkerProcesses processes = new WorkerProcesses();

    @Test
    void shouldRunAFlowFromAUsersJar() throws Exception {
        // given a worker hosting only the flows of the user's jar
        Path dir = Files.createTempDirectory("user-flows-");
        Path jar = UserFlowsJar.build(dir);
        WorkerProcess worker = processes.track(WorkerProcess.start(List.of("--bootstrap-servers", broker.bootstrapServers(),
                "--flows-jar", jar.toString(), "--no-samples", "-D", "greeting.word=hej",
                "-D", "orchestrator.application.id.prefix=user-" + UUID.randomUUID() + "-",
                "-D", "state.dir=" + dir.resolve("state")), dir.resolve("worker.log")));
        eventually(Duration.ofSeconds(90)).failFast(() -> !worker.isAlive()).until(worker::isRunning);

        try (Requests requests = Requests.to(broker.bootstrapServers(), "greeting");
             TopicReader<Envelope> results = TopicReader.readCommitted(broker.bootstrapServers(), TopicNames.results("greeting"),
                     JsonSerde.envelope().deserializer())) {
            // when
            requests.publish("ada", "{\"run_id\":\"hello-1\",\"payload\":{\"name\":\"Ada\"}}");
            eventually(Duration.ofSeconds(60)).until(() -> !results.poll().isEmpty());

            // then
            Envelope envelope = results.poll().get(0).value();
            assertThat(envelope.status()).isEqualTo(RunStatus.OK);
            assertThat(envelope.records()).singleElement().satisfies(r -> assertThat(r.field("text")).isEqualTo("hej Ada"));
            assertThat(worker.output()).contains("greeting").doesNotContain("flow lead_sync");
        }
    }
}
