package dev.orchestrators.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker running in KRaft mode (combined broker and controller)
 * inside the current JVM, built from Kafka's own server classes ({@code kafka_2.13}).
 *
 * <p>Typical use:
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.newBuilder().port(0).build().start()) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>The broker listens for clients on {@code 127.0.0.1:<port>} (plaintext) and runs its
 * controller on a second, freely chosen loopback port. Its defaults are tuned for one node
 * (every replication factor and min ISR is 1, {@code group.initial.rebalance.delay.ms=0},
 * automatic topic creation is off, small internal topics) so that Kafka Streams with
 * {@code exactly_once_v2} works against it, and for modest memory and thread use on small
 * machines. Any server property can be overridden with {@link Builder#brokerProperty}.
 *
 * <p><b>Secured:</b> with {@link Builder#saslScram} the client listener requires SASL/SCRAM-SHA-512 (over TLS with
 * {@link Builder#tls}) and Kafka's {@code StandardAuthorizer} allows only what ACLs grant, to everyone but the super
 * user; {@link #createScramUser} adds users and {@link #clientProperties()} connects as the super user. Without it
 * the broker has one PLAINTEXT client listener and no authorizer.
 *
 * <p><b>Lifecycle:</b> {@link Builder#build()} only creates the object. {@link #start()} formats
 * the storage directory with Kafka's storage tool (as {@code kafka-storage.sh format} would) if it
 * is not formatted yet (an already formatted directory is reused, so topics and records survive a
 * restart with the same {@link Builder#dataDir(Path) data dir}), starts the server and returns
 * once the broker answers client requests. {@link #close()} shuts it
 * down cleanly. An instance is started at most once successfully; after {@code close()} it cannot
 * be started again, so to "restart" build a new instance with the same data dir.
 *
 * <p><b>Thread-safety:</b> instances are thread-safe. {@link #start()} and {@link #close()} are
 * serialised on the instance (a concurrent {@code close()} waits for an ongoing {@code start()}),
 * and the accessors may be called from any thread. {@link Builder} is not thread-safe.
 *
 * <p><b>Process-wide caveats:</b> the broker shares the JVM with its callers: it registers JMX and
 * Yammer metrics, and on an unrecoverable internal fault (for example a corrupt metadata log)
 * Kafka's fault handlers may terminate the JVM, exactly as a stand-alone broker would.
 *
 * <p><b>Logging:</b> the broker logs through SLF4J under Kafka's own logger names ({@code kafka.*},
 * {@code org.apache.kafka.*}, {@code state.change.logger}) and sets no log level: which of its lines are shown is
 * the application's choice, made in its logging backend's configuration (with slf4j-simple, for example,
 * {@code org.slf4j.simpleLogger.log.kafka=warn} in {@code simplelogger.properties}). Kafka logs each activation of
 * the controller at WARN ("Performing controller activation"), which an application may lower.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The client port used when {@link Builder#port(int)} is not called. */
    public static final int DEFAULT_PORT = 9092;

    /** How long {@link #start()} waits for the broker to serve clients, unless changed. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final BrokerSettings settings;

    // Written under "this"; volatile so that toString() and the accessors never block on a slow start().
    private volatile State state = State.NEW;
    private volatile int boundPort;
    private volatile DataDir dataDir;
    // Guarded by "this".
    private InProcessServer server;

    /**
     * A listener besides the client listener: clients that bootstrap through it are told to connect to its
     * advertised address (for example a TCP proxy in front of its port, or a SASL listener).
     *
     * @param name             the listener name, e.g. {@code WORKER1}
     * @param securityProtocol {@code PLAINTEXT}, {@code SASL_PLAINTEXT}, {@code SSL} or {@code SASL_SSL}
     * @param port             the port it binds on {@code 127.0.0.1}
     * @param advertisedPort   the port it tells clients to use (its own, or a proxy's)
     */
    public record Listener(String name, String securityProtocol, int port, int advertisedPort) {
        public Listener {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(securityProtocol, "securityProtocol");
        }
    }

    private EmbeddedKafkaBroker(BrokerSettings settings) {
        this.settings = settings;
        this.boundPort = settings.port();
    }

    /**
     * @return a builder with the defaults: port {@value #DEFAULT_PORT}, a fresh temporary data dir,
     *         no extra broker properties
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Configures an {@link EmbeddedKafkaBroker}. Not thread-safe; {@link #build()} copies the
     * settings, so one builder may build several brokers.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private Path dataDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private final List<Listener> listeners = new ArrayList<>();
        private BrokerSecurity security;

        private Builder() {
        }

        /**
         * Secures the client listener: clients authenticate with SASL/SCRAM-SHA-512 (the listener is then
         * {@code SASL_PLAINTEXT}, or {@code SASL_SSL} with {@link #tls}), and Kafka's standard authorizer
         * ({@code StandardAuthorizer}) allows only what ACLs grant; {@code superUser} may do everything. Its
         * credential is added when the storage is formatted; create other users with
         * {@link EmbeddedKafkaBroker#createScramUser}, and connect as the super user with
         * {@link EmbeddedKafkaBroker#clientProperties()}. The controller listener then requires SASL/PLAIN as
         * the super user. Passwords are never logged.
         *
         * @param superUser a user name of letters, digits and {@code ._@-}
         * @param password  its password (not empty)
         * @return this builder
         * @throws IllegalArgumentException for a bad name or an empty password
         * @throws IllegalStateException if called twice
         */
        public Builder saslScram(String superUser, String password) {
            if (security != null) {
                throw new IllegalStateException("saslScram was already set");
            }
            this.security = new BrokerSecurity(superUser, password, null);
            return this;
        }

        /**
         * Runs the SASL client listener over TLS ({@code SASL_SSL}) with the broker's certificate in
         * {@code keystore} (it must name {@code 127.0.0.1}); the broker's own client side trusts
         * {@code truststore}. Requires {@link #saslScram} first.
         *
         * @return this builder
         * @throws IllegalStateException without {@link #saslScram}
         */
        public Builder tls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
            if (security == null) {
                throw new IllegalStateException("call saslScram before tls");
            }
            this.security = security.withTls(new BrokerSecurity.Tls(keystore.toAbsolutePath(), keystorePassword,
                    truststore.toAbsolutePath(), truststorePassword));
            return this;
        }

        /**
         * Adds a listener besides the client listener (fixed ports; see {@link Listener}). Its security settings
         * (a SASL mechanism's JAAS configuration) go in {@link #brokerProperty} as
         * {@code listener.name.<name>.<setting>}.
         *
         * @return this builder
         */
        public Builder listener(Listener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param port the client listener port on {@code 127.0.0.1}; {@code 0} picks a free port
         *             when the broker starts (default {@value EmbeddedKafkaBroker#DEFAULT_PORT})
         * @return this builder
         * @throws IllegalArgumentException for a port outside 0 to 65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param dir where the broker keeps its log dirs ({@code <dir>/logs}) and its metadata log
         *            ({@code <dir>/metadata}); created if missing, never deleted by the broker.
         *            By default a new temporary directory is used and deleted on {@code close()}.
         * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
            return this;
        }

        /**
         * Adds a Kafka server property, overriding the embedded defaults (for example
         * {@code brokerProperty("num.partitions", "3")}). Overriding the listener, quorum or
         * directory properties is possible but then {@link EmbeddedKafkaBroker#bootstrapServers()}
         * and {@link EmbeddedKafkaBroker#dataDir()} no longer describe the broker.
         *
         * @param key a Kafka server property name
         * @param value its value
         * @return this builder
         */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param timeout how long {@link EmbeddedKafkaBroker#start()} may take before it fails
         *                (default 60 seconds)
         * @return this builder
         * @throws IllegalArgumentException for a timeout that is not positive
         */
        public Builder startupTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * @return a new broker with these settings; it is not started
         */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(new BrokerSettings(port, dataDir, brokerProperties, listeners, security, startupTimeout));
        }
    }

    /**
     * Starts the broker and returns when it accepts client requests (checked with an admin
     * client's {@code describeCluster}). Formats the data dir first unless it is already formatted;
     * an existing formatted data dir is reused with its topics and records. Calling it on a running
     * broker does nothing.
     *
     * @return this broker
     * @throws EmbeddedBrokerException naming the port, if the port is taken, the storage cannot be
     *                                 formatted, or the broker fails or does not serve clients within
     *                                 the startup timeout. The broker is then stopped again and may
     *                                 be started once more.
     * @throws IllegalStateException if the broker was closed
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (state == State.RUNNING) {
            return this;
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("This embedded Kafka broker was closed; build a new one "
                + "(with the same dataDir to keep its data)");
        }
        long startNanos = System.nanoTime();
        Deadline deadline = Deadline.after(settings.startupTimeout());
        BrokerPorts ports = BrokerPorts.probe(settings.port());
        DataDir dir = DataDir.open(settings.dataDir(), ports.client());
        InProcessServer candidate = null;
        boolean started = false;
        try {
            Map<String, String> props = ServerProperties.of(settings, dir.path(), ports);
            StorageFormatter.formatIfNeeded(props, settings.security() == null ? List.of() : settings.security().formatArguments(),
                ports.client());
            candidate = InProcessServer.start(props, ports.client(), deadline, settings.startupTimeout());
            BrokerReadiness.awaitClientRequests(clientProperties(), ports.client(), deadline, settings.startupTimeout());
            started = true;
        } catch (EmbeddedBrokerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + ports.client() + " failed to start: "
                + Causes.describe(e), e);
        } finally {
            if (!started) {
                if (candidate != null) {
                    candidate.shutdownAfterFailedStart(ports.client());
                }
                dir.deleteIfTemporary();
            }
        }
        server = candidate;
        dataDir = dir;
        boundPort = ports.client();
        state = State.RUNNING;
        LOG.info("Embedded Kafka broker started on {} (data dir {}) in {} ms", bootstrapServers(), dir.path(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return this;
    }

    /**
     * The client properties to connect as the super user of a broker built with {@link Builder#saslScram}
     * ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} as a hidden {@code Password},
     * and the trust store with {@link Builder#tls}); empty for an unsecured broker.
     *
     * @return a new, modifiable map
     */
    public Map<String, Object> clientProperties() {
        return settings.security() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(settings.security().superUserClientProperties());
    }

    /**
     * Creates (or replaces) the SCRAM-SHA-512 credential of {@code user} through the admin API, as the super user,
     * and returns once the broker authenticates with it.
     *
     * @throws IllegalStateException if the broker is not running or was not built with {@link Builder#saslScram}
     * @throws EmbeddedBrokerException if the credential cannot be created within the startup timeout
     */
    public void createScramUser(String user, String password) {
        if (settings.security() == null || state != State.RUNNING) {
            throw new IllegalStateException("SCRAM users can be created on a running broker built with saslScram, not " + this);
        }
        Map<String, Object> props = clientProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, "false");
        ScramUsers.create(props, user, password, settings.startupTimeout());
        LOG.info("SCRAM-SHA-512 user {} created on {}", user, this);
    }

    /**
     * @return {@code "127.0.0.1:<port>"}, the value for a client's {@code bootstrap.servers}
     * @throws IllegalStateException if the port is not known yet (port 0 and not started)
     */
    public String bootstrapServers() {
        return BrokerPorts.HOST + ":" + port();
    }

    /**
     * @return the client port; with {@code port(0)} the actual port once started. It stays
     *         available after {@link #close()}.
     * @throws IllegalStateException if the port is not known yet (port 0 and not started)
     */
    public int port() {
        int port = boundPort;
        if (port == 0) {
            throw new IllegalStateException("The port of an embedded Kafka broker built with port(0) "
                + "is known only after start()");
        }
        return port;
    }

    /**
     * @return the data dir; for a temporary data dir the directory created by {@link #start()}
     *         (it no longer exists after {@link #close()})
     * @throws IllegalStateException if no data dir was configured and the broker was not started
     */
    public Path dataDir() {
        DataDir dir = dataDir;
        if (dir != null) {
            return dir.path();
        }
        if (settings.dataDir() == null) {
            throw new IllegalStateException("The temporary data dir of an embedded Kafka broker is created by start()");
        }
        return settings.dataDir();
    }

    /**
     * Shuts the broker down cleanly and waits for it, then deletes the data dir if this broker
     * created it as a temporary directory (a data dir given to {@link Builder#dataDir(Path)} is
     * kept). Idempotent; closing a broker that was never started just marks it closed.
     *
     * @throws EmbeddedBrokerException if the broker did not shut down cleanly (it is closed anyway)
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        RuntimeException failure = null;
        if (server != null) {
            try {
                server.shutdown();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                server = null;
            }
        }
        if (dataDir != null) {
            dataDir.deleteIfTemporary();
        }
        if (failure != null) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + boundPort
                + " did not shut down cleanly: " + failure, failure);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + BrokerPorts.HOST + ":" + boundPort + ", state=" + state
            + (settings.security() == null ? "" : ", " + settings.security()) + "]";
    }
}
