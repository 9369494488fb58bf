package dev.orchestrators.cli;

import dev.orchestrators.broker.EmbeddedKafkaBroker;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.config.ClientSecurity;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster a command runs flows on: the one {@code bootstrap.servers} names, or, when it names none, a real
 * broker (KRaft, one node) that this process starts for the command and stops on {@link #close()}.
 *
 * <p>The runtime library starts no broker: this is where the command line decides to. The embedded broker listens on
 * {@code orchestrator.broker.port} and keeps its data in {@code orchestrator.broker.data.dir} (a temporary directory,
 * deleted on close, when empty). With {@code security.protocol=SASL_PLAINTEXT} it requires SCRAM-SHA-512 and
 * authorizes with ACLs, {@code sasl.username} being its super user (so that the runtime may create topics).
 *
 * <p>Close it after the runtime that uses it. Not thread-safe.
 */
final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final OrchestratorConfig config;
    private final EmbeddedKafkaBroker broker;

    private Cluster(OrchestratorConfig config, EmbeddedKafkaBroker broker) {
        this.config = config;
        this.broker = broker;
    }

    /**
     * The cluster of {@code config}: the configured one, or an embedded broker started now.
     *
     * @throws ConfigurationException for a security protocol the embedded broker does not offer (TLS, or a SASL
     *                                mechanism other than SCRAM-SHA-512), or SASL without a user name and password
     * @throws dev.orchestrators.broker.EmbeddedBrokerException naming the port, when the embedded broker cannot start
     */
    static Cluster start(OrchestratorConfig config) {
        if (!config.usesEmbeddedBroker()) {
            return new Cluster(config, null);
        }
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.newBuilder()
                .port(config.getInt(OrchestratorConfig.BROKER_PORT_CONFIG));
        String dir = config.getString(OrchestratorConfig.BROKER_DATA_DIR_CONFIG);
        if (!dir.isBlank()) {
            builder.dataDir(Path.of(dir));
        }
        secured(builder, ClientSecurity.of(config));
        EmbeddedKafkaBroker broker = builder.build().start();
        LOG.info("embedded Kafka broker (KRaft) listening on {}", broker.bootstrapServers());
        Map<String, Object> values = new HashMap<>(config.originals());
        values.put(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new Cluster(new OrchestratorConfig(values), broker);
    }

    private static void secured(EmbeddedKafkaBroker.Builder builder, ClientSecurity security) {
        if (ClientSecurity.PLAINTEXT.equals(security.protocol())) {
            return;
        }
        if (!ClientSecurity.SASL_PLAINTEXT.equals(security.protocol()) || !ClientSecurity.SCRAM_SHA_512.equals(security.mechanism())) {
            throw new ConfigurationException("the embedded broker offers PLAINTEXT or SASL_PLAINTEXT with SCRAM-SHA-512, not "
                    + security.protocol() + " with " + security.mechanism() + "; give bootstrap.servers to use a cluster of yours");
        }
        if (security.username().isBlank() || security.password() == null) {
            throw new ConfigurationException("the secured embedded broker needs sasl.username and sasl.password (its super user)");
        }
        builder.saslScram(security.username(), security.password().value());
    }

    /** The configuration the runtime gets: the given one, with the embedded broker's {@code bootstrap.servers}. */
    OrchestratorConfig config() {
        return config;
    }

    /** Stops the embedded broker, if one was started (and deletes its temporary data dir). */
    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
