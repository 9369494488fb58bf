package dev.orchestrators.cli.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class (Testcontainers) only where a Docker engine answers; elsewhere skips it, saying why:
 * {@code @ExtendWith(DockerEngine.class)}. Testcontainers finds the engine as the Docker CLI does ({@code DOCKER_HOST},
 * {@code /var/run/docker.sock}, ...) and remembers the answer for the JVM.
 */
final class DockerEngine implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker engine runs");
        }
        return ConditionEvaluationResult.disabled("no Docker engine found (DOCKER_HOST, /var/run/docker.sock, ...): "
                + context.getDisplayName() + " needs one to start its containers and runs where Docker does");
    }
}
