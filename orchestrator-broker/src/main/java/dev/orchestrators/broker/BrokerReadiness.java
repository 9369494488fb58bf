package dev.orchestrators.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * When a started broker is ready to be handed out: once it answers a client's {@code describeCluster} with itself.
 * Kafka's start-up returns before the broker has caught up with the metadata log and unfenced itself; until then
 * clients would see "no broker available".
 */
final class BrokerReadiness {
    private static final long POLL_MS = 50;
    private static final long MAX_WAIT_PER_TRY_MS = 5_000;

    private BrokerReadiness() {
    }

    /**
     * Returns once the broker on {@code clientPort} answers client requests.
     *
     * @param clientProperties how to connect (empty for PLAINTEXT; the super user's SASL settings when secured)
     * @throws EmbeddedBrokerException naming the port and the last error, when it is not ready by {@code deadline},
     *                                 or when interrupted
     */
    static void awaitClientRequests(Map<String, Object> clientProperties, int clientPort, Deadline deadline,
                                    Duration startupTimeout) {
        Throwable last = null;
        try (Admin admin = Admin.create(adminProperties(clientProperties, clientPort))) {
            while (!deadline.hasPassed()) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(waitMs(deadline), TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while waiting for the embedded Kafka broker on port " + clientPort, e);
        }
        throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " did not accept client requests within "
            + startupTimeout.toMillis() + " ms" + (last == null ? "" : ": " + Causes.describe(last)), last);
    }

    private static long waitMs(Deadline deadline) {
        return Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(deadline.remainingNanos()), MAX_WAIT_PER_TRY_MS));
    }

    private static Map<String, Object> adminProperties(Map<String, Object> clientProperties, int clientPort) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerPorts.HOST + ":" + clientPort);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness-" + clientPort);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        props.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        return props;
    }
}
