package dev.orchestrators.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link EmbeddedKafkaBroker.Builder} was told, frozen by {@link EmbeddedKafkaBroker.Builder#build()}.
 *
 * @param port             the client port, 0 for any free port
 * @param dataDir          the data dir, or {@code null} for a temporary one
 * @param brokerProperties server properties that override the embedded defaults
 * @param listeners        listeners besides the client listener
 * @param security         SASL/SCRAM (and TLS) settings, or {@code null} for a PLAINTEXT broker
 * @param startupTimeout   how long a start may take
 */
record BrokerSettings(int port, Path dataDir, Map<String, String> brokerProperties,
                      List<EmbeddedKafkaBroker.Listener> listeners, BrokerSecurity security, Duration startupTimeout) {
    BrokerSettings {
        brokerProperties = Map.copyOf(brokerProperties);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(startupTimeout, "startupTimeout");
    }

    /** The client listener's name, which is also its security protocol: PLAINTEXT, SASL_PLAINTEXT or SASL_SSL. */
    String clientListener() {
        return security == null ? "PLAINTEXT" : security.clientProtocol();
    }
}
