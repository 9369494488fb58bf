package dev.orchestrators.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two loopback ports of one broker: the client listener's and the controller's.
 *
 * <p>{@link #probe} chooses them by binding them on {@value #HOST}, both at once so that they differ, and releases
 * them before Kafka binds them itself. A fixed client port that is taken fails here, naming the port, instead of deep
 * inside Kafka's start-up. Between the probe and Kafka's bind another process may take a port; the start then fails
 * with a bind error, which {@link InProcessServer} reports the same way.
 *
 * @param client     the client listener's port
 * @param controller the controller listener's port
 */
record BrokerPorts(int client, int controller) {
    /** The address every listener binds and advertises. */
    static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerPorts.class);

    /**
     * Chooses the ports: {@code requestedClientPort} for clients (any free port when it is 0), and a free port for
     * the controller.
     *
     * @throws EmbeddedBrokerException naming the port when {@code requestedClientPort} is taken, or when the machine
     *                                 has no free loopback port
     */
    static BrokerPorts probe(int requestedClientPort) {
        ServerSocket client = null;
        try {
            client = bindClientPort(requestedClientPort);
            try (ServerSocket controller = bindLoopback(0)) {
                return new BrokerPorts(client.getLocalPort(), controller.getLocalPort());
            }
        } catch (IOException e) {
            throw new EmbeddedBrokerException("Cannot start the embedded Kafka broker (port " + requestedClientPort
                + "): no free port on " + HOST + " (" + e.getMessage() + ")", e);
        } finally {
            closeProbe(client);
        }
    }

    private static ServerSocket bindClientPort(int port) throws IOException {
        if (port == 0) {
            return bindLoopback(0);
        }
        try {
            return bindLoopback(port);
        } catch (IOException e) {
            throw new EmbeddedBrokerException("Cannot start the embedded Kafka broker: port " + port + " on " + HOST
                + " is already in use (" + e.getMessage() + ")", e);
        }
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // As Kafka's own server sockets do, so that a port in TIME_WAIT is not reported as taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void closeProbe(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // The probe's port is released by the operating system anyway; Kafka's bind reports a real conflict.
            LOG.debug("Could not close the port probe on {}", socket.getLocalPort(), e);
        }
    }
}
