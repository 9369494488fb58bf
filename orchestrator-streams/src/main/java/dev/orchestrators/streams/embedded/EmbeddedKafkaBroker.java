package dev.orchestrators.streams.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
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
 * Kafka's fault handlers may terminate the JVM, exactly as a stand-alone broker would. Its log
 * output goes through SLF4J; see {@link #start()} for how it is kept quiet.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The client port used when {@link Builder#port(int)} is not called. */
    public static final int DEFAULT_PORT = 9092;

    /** How long {@link #start()} waits for the broker to serve clients, unless changed. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Set this system property to {@code true} to leave the broker's own log levels alone
     * (see {@link #start()}).
     */
    public static final String VERBOSE_LOGGING_PROPERTY = "dev.orchestrators.embedded.kafka.verbose";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /** Logger name prefixes of broker-side components that are chatty at INFO. */
    private static final List<String> BROKER_LOGGERS = List.of(
        "kafka",
        "state.change.logger",
        "org.apache.kafka.controller",
        "org.apache.kafka.coordinator",
        "org.apache.kafka.image",
        "org.apache.kafka.metadata",
        "org.apache.kafka.queue",
        "org.apache.kafka.raft",
        "org.apache.kafka.security",
        "org.apache.kafka.server",
        "org.apache.kafka.snapshot",
        "org.apache.kafka.storage",
        "org.apache.kafka.network",
        "org.apache.kafka.common.network",
        "org.apache.kafka.common.security",
        "org.apache.kafka.common.utils.AppInfoParser",
        "org.apache.kafka.common.utils.internals.AppInfoParser",
        "org.apache.kafka.common.metrics.Metrics",
        "org.apache.kafka.common.config.AbstractConfig",
        "org.apache.kafka.common.telemetry",
        "org.apache.kafka.clients.NetworkClient",
        "org.apache.kafka.clients.admin.AdminClientConfig",
        "org.apache.kafka.clients.admin.KafkaAdminClient");

    private enum State { NEW, RUNNING, CLOSED }

    private final int requestedPort;
    private final Path requestedDataDir;
    private final Map<String, String> extraProperties;
    private final Duration startupTimeout;

    // Written under "this"; volatile so that toString() never blocks on a slow start().
    private volatile State state = State.NEW;
    // Guarded by "this".
    private KafkaRaftServer server;
    private boolean ownsDataDir;

    // Written under "this", readable from any thread.
    private volatile int boundPort;
    private volatile Path resolvedDataDir;
    private final List<Listener> extraListeners;
    private final BrokerSecurity security;

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

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedDataDir = builder.dataDir;
        this.extraProperties = Map.copyOf(builder.brokerProperties);
        this.extraListeners = List.copyOf(builder.listeners);
        this.startupTimeout = builder.startupTimeout;
        this.security = builder.security;
        this.boundPort = builder.port;
        this.resolvedDataDir = builder.dataDir;
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
            return new EmbeddedKafkaBroker(this);
        }
    }

    /**
     * Starts the broker and returns when it accepts client requests (checked with an admin
     * client's {@code describeCluster}). Formats the data dir first unless it is already formatted;
     * an existing formatted data dir is reused with its topics and records. Calling it on a running
     * broker does nothing.
     *
     * <p>Unless the system property {@value #VERBOSE_LOGGING_PROPERTY} is {@code true}, the first
     * start sets SLF4J-simple log levels ({@code org.slf4j.simpleLogger.log.<name>=warn}) for the
     * logger names the broker uses that have no level configured yet (neither as a system property
     * nor in {@code simplelogger.properties}), so that the broker does not flood test output. A few
     * of those names (e.g. {@code AppInfoParser}, {@code Metrics}, {@code NetworkClient}) are shared
     * with Kafka clients in the same JVM, which then log at WARN too. This only has an effect when
     * slf4j-simple is the SLF4J binding, and only on loggers created afterwards.
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
        quietBrokerLogging();
        long startNanos = System.nanoTime();
        long deadline = startNanos + startupTimeout.toNanos();
        int[] ports = choosePorts();
        int clientPort = ports[0];
        int controllerPort = ports[1];
        Path dir = createDataDir(clientPort);
        KafkaRaftServer candidate = null;
        boolean started = false;
        try {
            Map<String, String> props = serverProperties(dir, clientPort, controllerPort);
            formatIfNeeded(props, clientPort, security == null ? List.of() : security.formatArguments());
            KafkaConfig config = new KafkaConfig(props, false);
            candidate = new KafkaRaftServer(config, Time.SYSTEM);
            runStartup(candidate, clientPort, deadline);
            awaitClientRequests(clientPort, deadline);
            started = true;
        } catch (EmbeddedBrokerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
                + " failed to start: " + describe(e), e);
        } finally {
            if (!started) {
                if (candidate != null) {
                    shutdownQuietly(candidate, clientPort);
                }
                if (ownsDataDir) {
                    deleteRecursively(dir);
                    ownsDataDir = false;
                    resolvedDataDir = requestedDataDir;
                }
            }
        }
        server = candidate;
        boundPort = clientPort;
        state = State.RUNNING;
        LOG.info("Embedded Kafka broker started on {} (data dir {}) in {} ms", bootstrapServers(), dir,
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
        return security == null ? new LinkedHashMap<>() : new LinkedHashMap<>(security.superUserClientProperties());
    }

    /**
     * Creates (or replaces) the SCRAM-SHA-512 credential of {@code user} through the admin API, as the super user,
     * and returns once the broker authenticates with it.
     *
     * @throws IllegalStateException if the broker is not running or was not built with {@link Builder#saslScram}
     * @throws EmbeddedBrokerException if the credential cannot be created within the startup timeout
     */
    public void createScramUser(String user, String password) {
        if (security == null || state != State.RUNNING) {
            throw new IllegalStateException("SCRAM users can be created on a running broker built with saslScram, not " + this);
        }
        Map<String, Object> props = clientProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put("enable.metrics.push", "false");
        long timeoutMs = startupTimeout.toMillis();
        try (Admin admin = Admin.create(props)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                .all().get(timeoutMs, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            // The credential is usable once the broker has applied the metadata record that holds it.
            while (!hasScramCredential(admin, user, timeoutMs)) {
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedBrokerException("the SCRAM credential of " + user + " did not appear within " + timeoutMs + " ms");
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("interrupted while creating the SCRAM user " + user, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedBrokerException("cannot create the SCRAM user " + user + ": " + describe(e), e);
        }
        LOG.info("SCRAM-SHA-512 user {} created on {}", user, this);
    }

    private static boolean hasScramCredential(Admin admin, String user, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeUserScramCredentials(List.of(user)).all().get(timeoutMs, TimeUnit.MILLISECONDS).containsKey(user);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.ResourceNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * @return {@code "127.0.0.1:<port>"}, the value for a client's {@code bootstrap.servers}
     * @throws IllegalStateException if the port is not known yet (port 0 and not started)
     */
    public String bootstrapServers() {
        return HOST + ":" + port();
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
        Path dir = resolvedDataDir;
        if (dir == null) {
            throw new IllegalStateException("The temporary data dir of an embedded Kafka broker is "
                + "created by start()");
        }
        return dir;
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
                server.awaitShutdown();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                server = null;
            }
        }
        if (ownsDataDir) {
            deleteRecursively(resolvedDataDir);
        }
        if (failure != null) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + boundPort
                + " did not shut down cleanly: " + failure, failure);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + HOST + ":" + boundPort + ", state=" + state
            + (security == null ? "" : ", " + security) + "]";
    }

    // ---------------------------------------------------------------------------------------
    // start() steps

    /** Returns {clientPort, controllerPort}; fails clearly if a fixed client port is taken. */
    private int[] choosePorts() {
        ServerSocket client = null;
        try {
            if (requestedPort != 0) {
                try {
                    client = bindLoopback(requestedPort);
                } catch (IOException e) {
                    throw new EmbeddedBrokerException("Cannot start the embedded Kafka broker: port "
                        + requestedPort + " on " + HOST + " is already in use (" + e.getMessage() + ")", e);
                }
            } else {
                client = bindLoopback(0);
            }
            // Both sockets are open at the same time, so the two ports differ.
            try (ServerSocket controller = bindLoopback(0)) {
                return new int[] {client.getLocalPort(), controller.getLocalPort()};
            }
        } catch (IOException e) {
            throw new EmbeddedBrokerException("Cannot start the embedded Kafka broker (port " + requestedPort
                + "): no free port on " + HOST + " (" + e.getMessage() + ")", e);
        } finally {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException e) {
                    LOG.debug("Could not close the port probe", e);
                }
            }
        }
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // Same as Kafka's own server sockets, so a port in TIME_WAIT is not reported as taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private Path createDataDir(int clientPort) {
        try {
            if (requestedDataDir != null) {
                Files.createDirectories(requestedDataDir);
                resolvedDataDir = requestedDataDir;
            } else {
                resolvedDataDir = Files.createTempDirectory("embedded-kafka-");
                ownsDataDir = true;
            }
            return resolvedDataDir;
        } catch (IOException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
                + " cannot create its data dir " + (requestedDataDir == null ? "(temporary)" : requestedDataDir)
                + ": " + e, e);
        }
    }

    private Map<String, String> serverProperties(Path dir, int clientPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        // Identity and roles: one node that is both broker and (static, single-voter) controller.
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        // Secured, the client listener is named for its protocol (SASL_PLAINTEXT or SASL_SSL).
        String clientListener = security == null ? CLIENT_LISTENER : security.clientProtocol();
        String controllerProtocol = security == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
        StringBuilder listeners = new StringBuilder(clientListener + "://" + HOST + ":" + clientPort + ","
            + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        StringBuilder advertised = new StringBuilder(clientListener + "://" + HOST + ":" + clientPort);
        StringBuilder protocols = new StringBuilder(clientListener + ":" + clientListener + "," + CONTROLLER_LISTENER + ":"
            + controllerProtocol);
        for (Listener extra : extraListeners) {
            listeners.append(',').append(extra.name()).append("://").append(HOST).append(':').append(extra.port());
            advertised.append(',').append(extra.name()).append("://").append(HOST).append(':').append(extra.advertisedPort());
            protocols.append(',').append(extra.name()).append(':').append(extra.securityProtocol());
        }
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("inter.broker.listener.name", clientListener);
        if (security != null) {
            props.putAll(security.serverProperties(clientListener, CONTROLLER_LISTENER));
        }
        props.put("listener.security.protocol.map", protocols.toString());
        // Storage.
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("metadata.log.dir", dir.resolve("metadata").toString());
        // A single node: every replication factor and min ISR is 1.
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Small and fast.
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("offsets.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("transaction.state.log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Modest thread use (2-core CI machines).
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("group.coordinator.threads", "1");
        // Let Kafka itself give up (and clean up) when startup takes too long.
        props.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));
        props.putAll(extraProperties);
        return props;
    }

    /**
     * Formats the log and metadata directories with Kafka's own storage tool (what
     * {@code kafka-storage.sh format} runs) unless every one of them is formatted already.
     */
    private static void formatIfNeeded(Map<String, String> props, int clientPort, List<String> extraArguments) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : props.getOrDefault("log.dirs", props.getOrDefault("log.dir", "")).split(",")) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir.trim()));
            }
        }
        String metadataDir = props.get("metadata.log.dir");
        if (metadataDir != null && !dirs.contains(Path.of(metadataDir))) {
            dirs.add(Path.of(metadataDir));
        }
        Path configFile = null;
        try {
            String clusterId = null;
            boolean allFormatted = true;
            for (Path dir : dirs) {
                Path metaProperties = dir.resolve(META_PROPERTIES);
                if (Files.isRegularFile(metaProperties)) {
                    clusterId = clusterId != null ? clusterId : readClusterId(metaProperties);
                } else {
                    allFormatted = false;
                }
            }
            if (allFormatted && !dirs.isEmpty()) {
                LOG.debug("Reusing formatted Kafka storage in {}", dirs);
                return;
            }
            if (clusterId == null) {
                clusterId = Uuid.randomUuid().toString();
            }
            LOG.debug("Formatting Kafka storage in {} with cluster id {}", dirs, clusterId);
            configFile = Files.createTempFile("embedded-kafka-", ".properties");
            Properties serverProperties = new Properties();
            props.forEach((key, value) -> {
                if (!BrokerSecurity.isSecret(key)) {
                    serverProperties.put(key, value);
                }
            });
            try (OutputStream out = Files.newOutputStream(configFile)) {
                serverProperties.store(out, "embedded Kafka broker, used for formatting only");
            }
            ByteArrayOutputStream toolOutput = new ByteArrayOutputStream();
            int exitCode;
            try (PrintStream printStream = new PrintStream(toolOutput, true, StandardCharsets.UTF_8)) {
                List<String> arguments = new ArrayList<>(List.of(
                    "format", "--config", configFile.toString(), "--cluster-id", clusterId, "--ignore-formatted"));
                arguments.addAll(extraArguments);
                exitCode = StorageTool.execute(arguments.toArray(String[]::new), printStream);
            }
            if (exitCode != 0) {
                throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
                    + " cannot format its storage in " + dirs + " (exit code " + exitCode + "): "
                    + toolOutput.toString(StandardCharsets.UTF_8).trim());
            }
        } catch (EmbeddedBrokerException e) {
            throw e;
        } catch (Exception e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
                + " cannot format its storage in " + dirs + ": " + e, e);
        } finally {
            if (configFile != null) {
                try {
                    Files.deleteIfExists(configFile);
                } catch (IOException e) {
                    LOG.debug("Could not delete {}", configFile, e);
                }
            }
        }
    }

    private static String readClusterId(Path metaProperties) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(metaProperties)) {
            properties.load(in);
        }
        return properties.getProperty("cluster.id");
    }

    private void runStartup(KafkaRaftServer candidate, int clientPort, long deadline) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                candidate.startup();
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "embedded-kafka-startup-" + clientPort);
        starter.setDaemon(true);
        starter.start();
        try {
            // Kafka enforces server.max.startup.time.ms itself; the grace only guards against hangs.
            started.get(remainingNanos(deadline) + SHUTDOWN_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (hasCause(cause, BindException.class)) {
                // Someone took a port between our check and Kafka's bind.
                throw new EmbeddedBrokerException("Cannot start the embedded Kafka broker: a listener port "
                    + "(client port " + clientPort + ") on " + HOST + " is already in use: " + describe(cause), cause);
            }
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
                + " failed to start: " + describe(cause), cause);
        } catch (TimeoutException e) {
            throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
                + " did not start within " + startupTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while starting the embedded Kafka broker on port "
                + clientPort, e);
        }
    }

    private void awaitClientRequests(int clientPort, long deadline) {
        Properties adminProps = new Properties();
        adminProps.putAll(clientProperties());
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + clientPort);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness-" + clientPort);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        adminProps.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        adminProps.put("enable.metrics.push", "false");
        Throwable last = null;
        try (Admin admin = Admin.create(adminProps)) {
            while (remainingNanos(deadline) > 0) {
                long waitMs = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)), 5_000));
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(waitMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while waiting for the embedded Kafka broker on port "
                + clientPort, e);
        }
        throw new EmbeddedBrokerException("Embedded Kafka broker on port " + clientPort
            + " did not accept client requests within " + startupTimeout.toMillis() + " ms"
            + (last == null ? "" : ": " + describe(last)), last);
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    private static void shutdownQuietly(KafkaRaftServer candidate, int clientPort) {
        try {
            candidate.shutdown();
            candidate.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker on port {} did not shut down cleanly after a failed start", clientPort, e);
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String describe(Throwable t) {
        StringBuilder message = new StringBuilder(String.valueOf(t));
        Throwable cause = t.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            message.append("; caused by ").append(cause);
        }
        return message.toString();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        Throwable cause = t;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the embedded Kafka broker's temporary data dir {}", dir, e);
        }
    }

    private static void quietBrokerLogging() {
        if (Boolean.getBoolean(VERBOSE_LOGGING_PROPERTY)) {
            return;
        }
        Properties configured = simpleLoggerFileProperties();
        for (String name : BROKER_LOGGERS) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null && !configured.containsKey(key)) {
                System.setProperty(key, "warn");
            }
        }
    }

    /** The levels someone configured in slf4j-simple's own file; those are left alone. */
    private static Properties simpleLoggerFileProperties() {
        Properties properties = new Properties();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = EmbeddedKafkaBroker.class.getClassLoader();
        }
        try (var in = loader.getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read simplelogger.properties", e);
        }
        return properties;
    }
}
