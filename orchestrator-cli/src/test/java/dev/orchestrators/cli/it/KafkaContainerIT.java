package dev.orchestrators.cli.it;

import static dev.orchestrators.cli.it.Waiting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.cli.DeployFiles;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.RunStatus;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.serde.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The compose worker against the broker image of docker-compose.yml ({@code apache/kafka}, the project's Kafka
 * version) in a container (Testcontainers): started with the compose worker's command and environment, only the
 * cluster-bound settings replaced, it answers a {@code lead_sync} request under {@code exactly_once_v2}.
 * <p>
 * It needs a Docker engine. Where none runs (our build machines), {@link DockerEngine} skips it with a message saying
 * so; the same worker runs against the embedded KRaft broker in {@link ComposeWorkerIT} everywhere.
 */
@Timeout(300)
@ExtendWith(DockerEngine.class)
class KafkaContainerIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static KafkaContainer kafka;
    private static WorkerProcess worker;

    @BeforeAll
    static void startTheBrokerImageAndAComposeWorker() throws Exception {
        kafka = new KafkaContainer(brokerImage());
        kafka.start();
        Path workDir = Files.createDirectories(Path.of("target", "it-workers", "container").toAbsolutePath());
        List<String> command = DeployFiles.composeWorkerCommand();
        assertThat(command).as("the compose worker's command").first().isEqualTo("run");
        List<String> arguments = new ArrayList<>(command.subList(1, command.size()));
        arguments.addAll(List.of(
                "--bootstrap-servers", kafka.getBootstrapServers(),
                "--metrics-port", "0",
                "-D", "orchestrator.topic.replication.factor=1",
                "-D", "state.dir=" + Files.createTempDirectory(workDir, "state-"),
                "-D", "orchestrator.application.id.prefix=container-" + UUID.randomUUID() + "-"));
        worker = WorkerProcess.start(arguments, DeployFiles.composeWorkerEnvironment(), workDir.resolve("worker.log"));
        try {
            eventually(STARTUP).failFast(() -> !worker.isAlive()).until(worker::isRunning);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nworker log:" + Workers.logs(worker), e);
        }
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void shouldAnswerARequestOnTheApacheKafkaImageOfTheComposeFile() {
        // given
        String runId = "container-" + UUID.randomUUID();
        try (Requests requests = Requests.to(kafka.getBootstrapServers(), "lead_sync");
             TopicReader<Envelope> results = TopicReader.readCommitted(kafka.getBootstrapServers(), TopicNames.results("lead_sync"),
                     JsonSerde.envelope().deserializer())) {

            // when
            requests.publish("L-42", Requests.leadSync(runId, "L-42"));

            // then: one envelope, committed, delivery off as the compose workers have it
            List<ConsumerRecord<String, Envelope>> answers = eventually(PATIENCE).until(
                    () -> results.poll().stream().filter(r -> runId.equals(r.value().runId())).toList(), list -> !list.isEmpty());
            assertThat(answers).singleElement().satisfies(answer -> {
                assertThat(answer.key()).isEqualTo("L-42");
                assertThat(answer.value().status()).isEqualTo(RunStatus.DISABLED);
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nworker log:" + Workers.logs(worker), e);
        }
    }

    /** The broker image of docker-compose.yml, e.g. {@code apache/kafka:4.4.0}. */
    private static DockerImageName brokerImage() {
        String image = DeployFiles.yaml(DeployFiles.file("docker-compose.yml")).at("/services/kafka-1/image").asText();
        assertThat(image).as("the compose file's broker image").startsWith("apache/kafka:");
        return DockerImageName.parse(image);
    }
}
