package dev.orchestrators.broker;

import java.lang.reflect.Field;
import java.net.BindException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * One Kafka server in this JVM ({@code KafkaRaftServer}, broker and controller in one node).
 *
 * <p>{@link #start} runs Kafka's start-up on a thread of its own, so that a hang cannot outlast the startup timeout;
 * Kafka enforces {@code server.max.startup.time.ms} itself, and the grace on top only guards against a hang. A start
 * that fails shuts the server down again before it throws. {@link #shutdown()} stops the server and waits for it.
 */
final class InProcessServer {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessServer.class);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final KafkaRaftServer server;

    private InProcessServer(KafkaRaftServer server) {
        this.server = server;
    }

    /**
     * Starts a server with the server properties {@code props} and returns once Kafka's start-up has finished.
     *
     * @throws EmbeddedBrokerException naming {@code clientPort}: a listener port taken since it was probed, a
     *                                 configuration Kafka refuses, a failed start-up, or none by {@code deadline}
     */
    static InProcessServer start(Map<String, String> props, int clientPort, Deadline deadline, Duration startupTimeout) {
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " failed to start: "
                + Causes.describe(e), e);
        }
        InProcessServer started = new InProcessServer(server);
        boolean running = false;
        try {
            started.runStartup(clientPort, deadline, startupTimeout);
            running = true;
            return started;
        } finally {
            if (!running) {
                started.shutdownAfterFailedStart(clientPort);
            }
        }
    }

    private void runStartup(int clientPort, Deadline deadline, Duration startupTimeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                server.startup();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "embedded-kafka-startup-" + clientPort);
        starter.setDaemon(true);
        starter.start();
        try {
            done.get(deadline.remainingNanos() + GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw startupFailure(e.getCause(), clientPort);
        } catch (TimeoutException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " did not start within "
                + startupTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while starting the embedded Kafka broker on port " + clientPort, e);
        }
    }

    private static EmbeddedBrokerException startupFailure(Throwable cause, int clientPort) {
        if (Causes.contains(cause, BindException.class)) {
            // Someone took a port between the probe and Kafka's bind.
            return new EmbeddedBrokerException("Cannot start the embedded Kafka broker: a listener port (client port "
                + clientPort + ") on " + BrokerPorts.HOST + " is already in use: " + Causes.describe(cause), cause);
        }
        return new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort + " failed to start: "
            + Causes.describe(cause), cause);
    }

    /**
     * Stops the server and waits until it has stopped.
     *
     * @throws RuntimeException what Kafka's shutdown threw
     */
    void shutdown() {
        closeRegistrationChannelOnlyOnce();
        server.shutdown();
        server.awaitShutdown();
    }

    /** Stops a server whose start failed; a failure to stop is logged, since the start's failure is what is thrown. */
    void shutdownAfterFailedStart(int clientPort) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker on port {} did not shut down cleanly after a failed start", clientPort, e);
        }
    }

    /**
     * Kafka 4.4's {@code ControllerServer.shutdown()} closes the controller's registration channel twice: closing its
     * {@code ControllerRegistrationManager} shuts the channel down, and then the controller server shuts it down
     * again, so that the channel's {@code NetworkClient} warns "Attempting to close NetworkClient that has already been
     * closed" on every clean stop. Letting the registration manager be the only one to close it removes that second
     * close (and the warning) at its cause. The controller server is a private field of {@code KafkaRaftServer}: should
     * a later Kafka name it otherwise, the stop goes on as before (with Kafka's warning), and
     * {@code EmbeddedKafkaBrokerIT} notices.
     */
    private void closeRegistrationChannelOnlyOnce() {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("controller");
            field.setAccessible(true);
            Option<?> controller = (Option<?>) field.get(server);
            if (controller.isDefined() && controller.get() instanceof ControllerServer controllerServer
                    && controllerServer.registrationManager() != null) {
                controllerServer.registrationChannelManager_$eq(null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Kafka's controller server is out of reach; it closes its registration channel twice", e);
        }
    }
}
