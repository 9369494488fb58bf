package dev.orchestrators.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Specification of {@link BrokerPorts}: how a broker's two loopback ports are chosen. */
class BrokerPortsTest {

    @Test
    void shouldChooseTwoDifferentFreePortsWhenAnyClientPortWillDo() throws IOException {
        // when
        BrokerPorts ports = BrokerPorts.probe(0);

        // then both are free again for Kafka to bind, and they differ
        assertThat(ports.client()).isPositive().isNotEqualTo(ports.controller());
        assertThat(ports.controller()).isPositive();
        bindAndRelease(ports.client());
        bindAndRelease(ports.controller());
    }

    @Test
    void shouldKeepTheRequestedClientPortWhenItIsFree() throws IOException {
        // given a port that was free a moment ago
        int free = freePort();

        // when
        BrokerPorts ports = BrokerPorts.probe(free);

        // then
        assertThat(ports.client()).isEqualTo(free);
        assertThat(ports.controller()).isNotEqualTo(free);
    }

    @Test
    void shouldNameTheRequestedPortWhenItIsAlreadyInUse() throws IOException {
        // given a port someone listens on
        try (ServerSocket squatter = bind(0)) {
            int taken = squatter.getLocalPort();

            // when / then
            assertThatThrownBy(() -> BrokerPorts.probe(taken))
                .isInstanceOf(EmbeddedBrokerException.class)
                .hasMessageContaining("port " + taken + " on 127.0.0.1 is already in use");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        }
    }

    private static void bindAndRelease(int port) throws IOException {
        bind(port).close();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerPorts.HOST), port));
        return socket;
    }
}
