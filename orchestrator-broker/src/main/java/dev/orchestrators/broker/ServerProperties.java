package dev.orchestrators.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka server properties of an embedded broker: one node that is both broker and (single-voter) controller,
 * listening on {@value BrokerPorts#HOST}, tuned for one node (every replication factor and min ISR is 1, so that
 * Kafka Streams under {@code exactly_once_v2} works) and for modest memory and threads on small machines. The
 * builder's {@link EmbeddedKafkaBroker.Builder#brokerProperty broker properties} override any of them.
 */
final class ServerProperties {
    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SIXTEEN_MB = Integer.toString(16 * 1024 * 1024);

    private ServerProperties() {
    }

    /**
     * The properties of a broker with {@code settings}, its data in {@code dataDir} ({@code <dataDir>/logs} and
     * {@code <dataDir>/metadata}) and its listeners on {@code ports}.
     *
     * @return a new, modifiable map in a stable order
     */
    static Map<String, String> of(BrokerSettings settings, Path dataDir, BrokerPorts ports) {
        Map<String, String> props = new LinkedHashMap<>();
        roles(props, ports);
        listeners(props, settings, ports);
        if (settings.security() != null) {
            props.putAll(settings.security().serverProperties(settings.clientListener(), CONTROLLER_LISTENER));
        }
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.put("metadata.log.dir", dataDir.resolve("metadata").toString());
        singleNode(props);
        smallAndFast(props);
        // Kafka itself gives up (and cleans up) when its start takes too long.
        props.put("server.max.startup.time.ms", Long.toString(settings.startupTimeout().toMillis()));
        props.putAll(settings.brokerProperties());
        return props;
    }

    private static void roles(Map<String, String> props, BrokerPorts ports) {
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + BrokerPorts.HOST + ":" + ports.controller());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
    }

    /** The client listener (named for its protocol), the controller listener, and the extra listeners. */
    private static void listeners(Map<String, String> props, BrokerSettings settings, BrokerPorts ports) {
        String client = settings.clientListener();
        String controllerProtocol = settings.security() == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        StringBuilder listeners = new StringBuilder(address(client, ports.client()) + ","
            + address(CONTROLLER_LISTENER, ports.controller()));
        StringBuilder advertised = new StringBuilder(address(client, ports.client()));
        StringBuilder protocols = new StringBuilder(client + ":" + client + "," + CONTROLLER_LISTENER + ":" + controllerProtocol);
        for (EmbeddedKafkaBroker.Listener extra : settings.listeners()) {
            listeners.append(',').append(address(extra.name(), extra.port()));
            advertised.append(',').append(address(extra.name(), extra.advertisedPort()));
            protocols.append(',').append(extra.name()).append(':').append(extra.securityProtocol());
        }
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("inter.broker.listener.name", client);
    }

    private static String address(String listener, int port) {
        return listener + "://" + BrokerPorts.HOST + ":" + port;
    }

    /** One node: every replication factor and min ISR is 1. */
    private static void singleNode(Map<String, String> props) {
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
    }

    /** Small internal topics, no waiting for rebalances, few threads (2-core CI machines). */
    private static void smallAndFast(Map<String, String> props) {
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("log.segment.bytes", SIXTEEN_MB);
        props.put("offsets.topic.segment.bytes", SIXTEEN_MB);
        props.put("transaction.state.log.segment.bytes", SIXTEEN_MB);
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("group.coordinator.threads", "1");
    }
}
