package dev.orchestrators.streams.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.DOUBLE;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.LIST;
import static org.apache.kafka.common.config.ConfigDef.Type.LONG;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.SHORT;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import dev.orchestrators.core.tool.ToolLimits;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The runtime's configuration keys. Each key has a constant, a doc string, a type, a default, a
 * validator and an importance; {@code docs/configuration.md} is generated from {@link #CONFIG}.
 * Bad values fail at start-up with a {@link ConfigException} that names the key. Keys prefixed
 * {@code streams.} are passed to Kafka Streams unchanged (without the prefix).
 */
public final class OrchestratorConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to. Empty: bin/orchestrator starts an embedded Apache Kafka "
            + "broker (KRaft) on localhost:<orchestrator.broker.port> and uses it (a program that embeds the runtime starts "
            + "orchestrator-broker's EmbeddedKafkaBroker itself).";

    public static final String BROKER_PORT_CONFIG = "orchestrator.broker.port";
    static final String BROKER_PORT_DOC = "Client port of the embedded broker (used only when bootstrap.servers is empty).";

    public static final String BROKER_DATA_DIR_CONFIG = "orchestrator.broker.data.dir";
    static final String BROKER_DATA_DIR_DOC = "Data directory of the embedded broker; data survives restarts. Empty: a temporary directory deleted on exit.";

    public static final String FLOWS_CONFIG = "orchestrator.flows";
    static final String FLOWS_DOC = "Flows to run. Empty: every registered flow.";

    public static final String FLOW_CONFIG = "orchestrator.flow";
    static final String FLOW_DOC = "Set by the runtime on each flow's Kafka Streams instance: the flow it runs.";

    public static final String APPLICATION_ID_PREFIX_CONFIG = "orchestrator.application.id.prefix";
    static final String APPLICATION_ID_PREFIX_DOC = "Prefix of each flow's Kafka Streams application.id (consumer group): <prefix><flow>.";

    public static final String TOPIC_PARTITIONS_CONFIG = "orchestrator.topic.partitions";
    static final String TOPIC_PARTITIONS_DOC = "Partitions of topics the runtime creates when they are missing. Existing topics are never altered.";

    public static final String TOPIC_REPLICATION_FACTOR_CONFIG = "orchestrator.topic.replication.factor";
    static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of topics the runtime creates (and of its internal topics).";

    public static final String AUDIT_TOPIC_CONFIG = "orchestrator.audit.topic";
    static final String AUDIT_TOPIC_DOC = "The compacted audit topic every final envelope is written to.";

    public static final String PROCESSING_GUARANTEE_CONFIG = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default) or at_least_once.";

    public static final String NUM_STREAM_THREADS_CONFIG = StreamsConfig.NUM_STREAM_THREADS_CONFIG;
    static final String NUM_STREAM_THREADS_DOC = "Stream threads per flow and instance.";

    public static final String COMMIT_INTERVAL_MS_CONFIG = StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;
    static final String COMMIT_INTERVAL_MS_DOC = "How often offsets, state and results are committed. Under exactly_once_v2 this bounds the latency until results are readable.";

    public static final String DATA_DIR_CONFIG = "orchestrator.data.dir";
    static final String DATA_DIR_DOC = "The worker's data directory (a relative path is resolved against the working directory); "
            + "created when missing. Each flow's Kafka Streams state lives under <orchestrator.data.dir>/state, unless state.dir "
            + "says otherwise. Keep it on a disk that survives restarts: state found there is not restored from the changelogs "
            + "again. A directory under java.io.tmpdir works too, but Kafka Streams warns that the OS may clear it.";

    public static final String STATE_DIR_CONFIG = StreamsConfig.STATE_DIR_CONFIG;
    static final String STATE_DIR_DOC = "Kafka Streams state directory (a subdirectory per flow's application.id). "
            + "Empty: <orchestrator.data.dir>/state.";

    public static final String MAX_IN_FLIGHT_CONFIG = "orchestrator.max.in.flight";
    static final String MAX_IN_FLIGHT_DOC = "Runs a stream task executes at once. As many again may wait admitted for a slot; beyond that the task waits for one to finish before taking the next request (backpressure).";

    public static final String MAX_IN_MEMORY_BACKOFF_MS_CONFIG = "orchestrator.max.in.memory.backoff.ms";
    static final String MAX_IN_MEMORY_BACKOFF_MS_DOC = "Retry back-offs up to this long wait in memory; longer ones are parked durably in the task's pending-request store and survive restarts.";

    public static final String BACKPRESSURE_MAX_WAIT_MS_CONFIG = "orchestrator.backpressure.max.wait.ms";
    static final String BACKPRESSURE_MAX_WAIT_MS_DOC = "Longest a task blocks for a free in-flight slot before admitting the request anyway, so waiting never exceeds the consumer's max.poll.interval.ms.";

    public static final String STARTUP_TIMEOUT_MS_CONFIG = "orchestrator.startup.timeout.ms";
    static final String STARTUP_TIMEOUT_MS_DOC = "How long a worker starting up keeps trying to reach the cluster to check and create its topics "
            + "(a broker restarting, a network blip) before it gives up and says why. Errors that waiting cannot cure (no permission, a "
            + "topic with the wrong partition count or cleanup policy) stop it at once.";
    public static final String SHUTDOWN_DRAIN_MS_CONFIG = "orchestrator.shutdown.drain.ms";
    static final String SHUTDOWN_DRAIN_MS_DOC = "On shutdown or rebalance, how long a task waits for in-flight tool calls to finish before handing its pending requests to the next owner.";

    public static final String COMPLETION_INTERVAL_MS_CONFIG = "orchestrator.completion.interval.ms";
    static final String COMPLETION_INTERVAL_MS_DOC = "How often an idle task forwards finished runs and starts due retries (wall-clock punctuation).";

    public static final String LEDGER_RETENTION_MS_CONFIG = "orchestrator.ledger.retention.ms";
    static final String LEDGER_RETENTION_MS_DOC = "How long each task remembers the side effects its runs performed (deliveries, executors, compensators), so a re-run never repeats one; older entries expire from the changelogged ledger store. Must exceed the longest a run can take, retries included.";

    public static final String SCHEDULER_TICK_MS_CONFIG = "orchestrator.scheduler.tick.ms";
    static final String SCHEDULER_TICK_MS_DOC = "How often a scheduler's job store looks for due jobs (wall-clock punctuation): the most a job is emitted after it is due, when the worker is running.";

    public static final String SAMPLE_RATE_CONFIG = "orchestrator.sample.rate";
    static final String SAMPLE_RATE_DOC = "Share of runs (chosen deterministically by run id) whose envelope snapshot (status, timings, steps; never payload data) is written to the telemetry topic and recorded in meters. Best effort: never blocks or fails a flow. 0 turns sampling off.";

    public static final String TELEMETRY_TOPIC_CONFIG = "orchestrator.telemetry.topic";
    static final String TELEMETRY_TOPIC_DOC = "The topic sampled telemetry snapshots go to, keyed by run id.";

    public static final String ARCHIVE_DIR_CONFIG = "orchestrator.archive.dir";
    static final String ARCHIVE_DIR_DOC = "Directory where the archiver writes every final envelope of the audit topic as rolling, gzip-compressed JSON Lines (a subdirectory per audit partition), fsynced before the audit offsets are committed. Empty: no file archive (an archive store module such as orchestrator-tools-s3 may archive instead, e.g. with archive.s3.bucket; at most one archive is configured).";

    public static final String LIMIT_REQUEST_BYTES_CONFIG = "orchestrator.limits.request.bytes";
    static final String LIMIT_REQUEST_BYTES_DOC = "Largest request value (bytes); a larger one is a dead letter.";
    public static final String LIMIT_KEY_BYTES_CONFIG = "orchestrator.limits.key.bytes";
    static final String LIMIT_KEY_BYTES_DOC = "Largest request key (bytes, UTF-8); a larger one is a dead letter.";
    public static final String LIMIT_RUN_ID_LENGTH_CONFIG = "orchestrator.limits.run.id.length";
    static final String LIMIT_RUN_ID_LENGTH_DOC = "Longest run id (characters), from the payload or the run_id header; a longer one is a dead letter.";
    public static final String LIMIT_HEADERS_CONFIG = "orchestrator.limits.headers";
    static final String LIMIT_HEADERS_DOC = "Most headers a request may carry; more is a dead letter.";
    public static final String LIMIT_HEADER_BYTES_CONFIG = "orchestrator.limits.header.bytes";
    static final String LIMIT_HEADER_BYTES_DOC = "Largest total size of a request's header names and values (bytes); larger is a dead letter.";
    public static final String LIMIT_NESTING_DEPTH_CONFIG = "orchestrator.limits.nesting.depth";
    static final String LIMIT_NESTING_DEPTH_DOC = "Deepest nesting of JSON objects and arrays in a request; deeper is a dead letter (protects the parser and every tool from pathological input).";
    public static final String LIMIT_RECORDS_PER_ENVELOPE_CONFIG = "orchestrator.limits.records.per.envelope";
    static final String LIMIT_RECORDS_PER_ENVELOPE_DOC = "Most records an envelope may carry; a run that answers with more dead-letters its request.";
    public static final String LIMIT_RESULT_BYTES_CONFIG = "orchestrator.limits.result.bytes";
    static final String LIMIT_RESULT_BYTES_DOC = "Largest envelope or audit record the runtime writes (bytes); a run whose answer is larger dead-letters its request instead of failing the stream on the producer. Keep it below the producer's max.request.size and the topics' max.message.bytes.";

    // Client security: turned into client properties by ClientSecurity, applied to every client the runtime makes.
    public static final String SECURITY_PROTOCOL_CONFIG = "security.protocol";
    static final String SECURITY_PROTOCOL_DOC = "How every client of the runtime (each flow's Kafka Streams instance, the archiver, the provisioning admin "
            + "client, the telemetry producer) talks to the brokers: PLAINTEXT, SSL (TLS; with a keystore, mutual TLS), "
            + "SASL_PLAINTEXT or SASL_SSL (SASL authentication, over TLS). With the embedded broker, SASL_PLAINTEXT starts it "
            + "with SCRAM-SHA-512 and the standard authorizer, sasl.username as its super user.";
    public static final String SASL_MECHANISM_CONFIG = "sasl.mechanism";
    static final String SASL_MECHANISM_DOC = "SASL mechanism with SASL_PLAINTEXT or SASL_SSL. Others (GSSAPI, OAUTHBEARER) are set with "
            + "streams.sasl.mechanism and streams.sasl.jaas.config.";
    public static final String SASL_USERNAME_CONFIG = "sasl.username";
    static final String SASL_USERNAME_DOC = "SASL user name (the principal User:<name> that ACLs are granted to). Required with SASL.";
    public static final String SASL_PASSWORD_CONFIG = "sasl.password";
    static final String SASL_PASSWORD_DOC = "SASL password. Required with SASL. Never logged; on the command line use --sasl-password-file.";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "ssl.truststore.location";
    static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store (JKS or PKCS12) with the CA that signed the brokers' certificates. Empty: the JVM's default trust.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "ssl.truststore.password";
    static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store. Never logged.";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "ssl.keystore.location";
    static final String SSL_KEYSTORE_LOCATION_DOC = "Key store (JKS or PKCS12) with this client's certificate and key, for mutual TLS. Empty: no client certificate.";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "ssl.keystore.password";
    static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of the key store. Never logged.";
    public static final String SSL_KEY_PASSWORD_CONFIG = "ssl.key.password";
    static final String SSL_KEY_PASSWORD_DOC = "Password of the private key in the key store, when it differs from the store's. Never logged.";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG = "ssl.endpoint.identification.algorithm";
    static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_DOC = "https: check that a broker's certificate names the host connected to. "
            + "Empty turns the check off (only for test certificates).";

    public static final String WIRE_FORMAT_CONFIG = "orchestrator.wire.format";
    static final String WIRE_FORMAT_DOC = "How requests and envelopes are written on a flow's topics: json (plain JSON, any client) or avro "
            + "(Avro in the schema-registry wire format: byte 0, the 4-byte schema id, the Avro binary; needs schema.registry.url). "
            + "Per flow: flow.<flow>.orchestrator.wire.format. The audit, compensation, job and telemetry topics are JSON either way.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    static final String SCHEMA_REGISTRY_URL_DOC = "URL of the schema registry's Confluent-compatible REST API, used by avro flows: "
            + "Confluent Schema Registry or Karapace (http://host:8081), Apicurio Registry (http://host:8080/apis/ccompat/v7), Redpanda "
            + "(http://host:8081). Required when a flow's wire format is avro.";

    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";
    static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_DOC = "user:password sent to the schema registry with HTTP basic authentication. "
            + "Empty: none. (HTTPS uses the JVM's trust store, javax.net.ssl.trustStore.)";

    public static final String SCHEMA_REGISTRY_SUBJECT_NAME_STRATEGY_CONFIG = "schema.registry.subject.name.strategy";
    static final String SCHEMA_REGISTRY_SUBJECT_NAME_STRATEGY_DOC = "Which subject a topic's schema is registered under: topic "
            + "(<topic>-value, Confluent's TopicNameStrategy), record (the record's full name, RecordNameStrategy) or topic_record "
            + "(<topic>-<full name>, TopicRecordNameStrategy).";

    public static final String SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG = "schema.registry.auto.register.schemas";
    static final String SCHEMA_REGISTRY_AUTO_REGISTER_DOC = "Whether avro flows register the schemas they write (Request, Envelope) under "
            + "their topics' subjects. false: they only look the schemas' ids up, and a flow whose schema is not registered does not start.";

    public static final String SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    static final String SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_DOC = "How long a call to the schema registry may take (connecting, then answering) "
            + "before it counts as unavailable; a request whose schema cannot be fetched is then read again later, not dead-lettered.";

    public static final String METRICS_PORT_CONFIG = "orchestrator.metrics.port";
    static final String METRICS_PORT_DOC = "Port of the worker's HTTP endpoint on every interface: /metrics (every meter, Prometheus text format), "
            + "/health/live and /health/ready (200 or 503, JSON with each flow's Kafka Streams state; see docs/observability.md). "
            + "0: any free port; -1: no endpoint. Needs micrometer-registry-prometheus on the class path (bin/orchestrator has it).";
    public static final String TRACING_EXPORTER_CONFIG = "orchestrator.tracing.exporter";
    static final String TRACING_EXPORTER_DOC = "none: spans go through the OrchestratorContext's OpenTelemetry (the no-op one unless the "
            + "application gives its own), and a request's traceparent is passed on unchanged. otlp: the runtime records a span per "
            + "request attempt, run and step with the OpenTelemetry SDK and exports them over OTLP/HTTP to "
            + "orchestrator.tracing.otlp.endpoint (needs opentelemetry-sdk and opentelemetry-exporter-otlp; bin/orchestrator has them).";
    public static final String TRACING_OTLP_ENDPOINT_CONFIG = "orchestrator.tracing.otlp.endpoint";
    static final String TRACING_OTLP_ENDPOINT_DOC = "Where spans are sent with orchestrator.tracing.exporter=otlp: an OTLP/HTTP traces URL (protobuf).";
    public static final String TRACING_SERVICE_NAME_CONFIG = "orchestrator.tracing.service.name";
    static final String TRACING_SERVICE_NAME_DOC = "The service.name of the exported spans.";
    public static final String TRACING_SAMPLER_RATIO_CONFIG = "orchestrator.tracing.sampler.ratio";
    static final String TRACING_SAMPLER_RATIO_DOC = "Share of new traces (requests without a traceparent) whose spans are recorded and exported; "
            + "a request with a traceparent follows its sampled flag.";

    /** The definitions, in documentation order. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, STRING, "", HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(FLOWS_CONFIG, LIST, List.of(), HIGH, FLOWS_DOC)
            .define(PROCESSING_GUARANTEE_CONFIG, STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), HIGH, PROCESSING_GUARANTEE_DOC)
            .define(BROKER_PORT_CONFIG, INT, 9092, ConfigDef.Range.between(0, 65535), MEDIUM, BROKER_PORT_DOC)
            .define(BROKER_DATA_DIR_CONFIG, STRING, "", MEDIUM, BROKER_DATA_DIR_DOC)
            .define(TOPIC_PARTITIONS_CONFIG, INT, 3, atLeast(1), MEDIUM, TOPIC_PARTITIONS_DOC)
            .define(TOPIC_REPLICATION_FACTOR_CONFIG, SHORT, (short) 1, atLeast(1), MEDIUM, TOPIC_REPLICATION_FACTOR_DOC)
            .define(MAX_IN_FLIGHT_CONFIG, INT, 1000, atLeast(1), MEDIUM, MAX_IN_FLIGHT_DOC)
            .define(MAX_IN_MEMORY_BACKOFF_MS_CONFIG, LONG, 1000L, atLeast(0), MEDIUM, MAX_IN_MEMORY_BACKOFF_MS_DOC)
            .define(NUM_STREAM_THREADS_CONFIG, INT, 1, atLeast(1), MEDIUM, NUM_STREAM_THREADS_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, LONG, 100L, atLeast(1), MEDIUM, COMMIT_INTERVAL_MS_DOC)
            .define(AUDIT_TOPIC_CONFIG, STRING, "orchestrator.audit", new ConfigDef.NonEmptyString(), LOW, AUDIT_TOPIC_DOC)
            .define(APPLICATION_ID_PREFIX_CONFIG, STRING, "orchestrator-", LOW, APPLICATION_ID_PREFIX_DOC)
            .define(DATA_DIR_CONFIG, STRING, "orchestrator-data", new ConfigDef.NonEmptyString(), MEDIUM, DATA_DIR_DOC)
            .define(STATE_DIR_CONFIG, STRING, "", LOW, STATE_DIR_DOC)
            .define(BACKPRESSURE_MAX_WAIT_MS_CONFIG, LONG, 60_000L, atLeast(1), LOW, BACKPRESSURE_MAX_WAIT_MS_DOC)
            .define(STARTUP_TIMEOUT_MS_CONFIG, LONG, 300_000L, atLeast(0), LOW, STARTUP_TIMEOUT_MS_DOC)
            .define(SHUTDOWN_DRAIN_MS_CONFIG, LONG, 5_000L, atLeast(0), LOW, SHUTDOWN_DRAIN_MS_DOC)
            .define(COMPLETION_INTERVAL_MS_CONFIG, LONG, 5L, atLeast(1), LOW, COMPLETION_INTERVAL_MS_DOC)
            .define(LEDGER_RETENTION_MS_CONFIG, LONG, 7L * 24 * 60 * 60 * 1000, atLeast(60_000), MEDIUM, LEDGER_RETENTION_MS_DOC)
            .define(SCHEDULER_TICK_MS_CONFIG, LONG, 1_000L, atLeast(1), LOW, SCHEDULER_TICK_MS_DOC)
            .define(SAMPLE_RATE_CONFIG, DOUBLE, 0.01, ConfigDef.Range.between(0.0, 1.0), MEDIUM, SAMPLE_RATE_DOC)
            .define(TELEMETRY_TOPIC_CONFIG, STRING, "orchestrator.telemetry", new ConfigDef.NonEmptyString(), LOW, TELEMETRY_TOPIC_DOC)
            .define(ARCHIVE_DIR_CONFIG, STRING, "", MEDIUM, ARCHIVE_DIR_DOC)
            .define(WIRE_FORMAT_CONFIG, STRING, "json", ValidString.in("json", "avro"), MEDIUM, WIRE_FORMAT_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, STRING, "", MEDIUM, SCHEMA_REGISTRY_URL_DOC)
            .define(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_CONFIG, PASSWORD, "", MEDIUM, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_DOC)
            .define(SCHEMA_REGISTRY_SUBJECT_NAME_STRATEGY_CONFIG, STRING, "topic", ValidString.in("topic", "record", "topic_record"),
                    LOW, SCHEMA_REGISTRY_SUBJECT_NAME_STRATEGY_DOC)
            .define(SCHEMA_REGISTRY_AUTO_REGISTER_CONFIG, BOOLEAN, true, LOW, SCHEMA_REGISTRY_AUTO_REGISTER_DOC)
            .define(SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_CONFIG, LONG, 10_000L, atLeast(1), LOW, SCHEMA_REGISTRY_REQUEST_TIMEOUT_MS_DOC)
            .define(LIMIT_REQUEST_BYTES_CONFIG, INT, RequestLimits.DEFAULTS.requestBytes(), atLeast(64), MEDIUM, LIMIT_REQUEST_BYTES_DOC)
            .define(LIMIT_KEY_BYTES_CONFIG, INT, RequestLimits.DEFAULTS.keyBytes(), atLeast(1), LOW, LIMIT_KEY_BYTES_DOC)
            .define(LIMIT_RUN_ID_LENGTH_CONFIG, INT, RequestLimits.DEFAULTS.runIdLength(), atLeast(1), LOW, LIMIT_RUN_ID_LENGTH_DOC)
            .define(LIMIT_HEADERS_CONFIG, INT, RequestLimits.DEFAULTS.headers(), atLeast(0), LOW, LIMIT_HEADERS_DOC)
            .define(LIMIT_HEADER_BYTES_CONFIG, INT, RequestLimits.DEFAULTS.headerBytes(), atLeast(0), LOW, LIMIT_HEADER_BYTES_DOC)
            .define(LIMIT_NESTING_DEPTH_CONFIG, INT, RequestLimits.DEFAULTS.nestingDepth(), atLeast(2), LOW, LIMIT_NESTING_DEPTH_DOC)
            .define(LIMIT_RECORDS_PER_ENVELOPE_CONFIG, INT, RequestLimits.DEFAULTS.recordsPerEnvelope(), atLeast(1), LOW, LIMIT_RECORDS_PER_ENVELOPE_DOC)
            .define(LIMIT_RESULT_BYTES_CONFIG, INT, RequestLimits.DEFAULTS.resultBytes(), atLeast(1024), MEDIUM, LIMIT_RESULT_BYTES_DOC)
            .define(SECURITY_PROTOCOL_CONFIG, STRING, ClientSecurity.PLAINTEXT,
                    ValidString.in(ClientSecurity.PLAINTEXT, ClientSecurity.SSL, ClientSecurity.SASL_PLAINTEXT, ClientSecurity.SASL_SSL),
                    HIGH, SECURITY_PROTOCOL_DOC)
            .define(SASL_MECHANISM_CONFIG, STRING, ClientSecurity.SCRAM_SHA_512,
                    ValidString.in(ClientSecurity.SCRAM_SHA_512, ClientSecurity.SCRAM_SHA_256, ClientSecurity.PLAIN), MEDIUM, SASL_MECHANISM_DOC)
            .define(SASL_USERNAME_CONFIG, STRING, "", HIGH, SASL_USERNAME_DOC)
            .define(SASL_PASSWORD_CONFIG, PASSWORD, null, HIGH, SASL_PASSWORD_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, STRING, "", MEDIUM, SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, PASSWORD, null, MEDIUM, SSL_TRUSTSTORE_PASSWORD_DOC)
            .define(SSL_KEYSTORE_LOCATION_CONFIG, STRING, "", MEDIUM, SSL_KEYSTORE_LOCATION_DOC)
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, PASSWORD, null, MEDIUM, SSL_KEYSTORE_PASSWORD_DOC)
            .define(SSL_KEY_PASSWORD_CONFIG, PASSWORD, null, MEDIUM, SSL_KEY_PASSWORD_DOC)
            .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, STRING, "https", LOW, SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_DOC)
            .define(METRICS_PORT_CONFIG, INT, -1, ConfigDef.Range.between(-1, 65535), MEDIUM, METRICS_PORT_DOC)
            .define(TRACING_EXPORTER_CONFIG, STRING, "none", ValidString.in("none", "otlp"), MEDIUM, TRACING_EXPORTER_DOC)
            .define(TRACING_OTLP_ENDPOINT_CONFIG, STRING, "http://localhost:4318/v1/traces", new ConfigDef.NonEmptyString(), LOW,
                    TRACING_OTLP_ENDPOINT_DOC)
            .define(TRACING_SERVICE_NAME_CONFIG, STRING, "orchestrator", new ConfigDef.NonEmptyString(), LOW, TRACING_SERVICE_NAME_DOC)
            .define(TRACING_SAMPLER_RATIO_CONFIG, DOUBLE, 1.0, ConfigDef.Range.between(0.0, 1.0), LOW, TRACING_SAMPLER_RATIO_DOC)
            .define(FLOW_CONFIG, STRING, "", LOW, FLOW_DOC);

    /** Keys with this prefix go to Kafka Streams unchanged, without the prefix. */
    public static final String STREAMS_PREFIX = "streams.";

    public OrchestratorConfig(Map<?, ?> values) {
        super(CONFIG, values, false);
    }

    /** The request and result limits of this configuration. */
    public RequestLimits limits() {
        return new RequestLimits(getInt(LIMIT_REQUEST_BYTES_CONFIG), getInt(LIMIT_KEY_BYTES_CONFIG),
                getInt(LIMIT_RUN_ID_LENGTH_CONFIG), getInt(LIMIT_HEADERS_CONFIG), getInt(LIMIT_HEADER_BYTES_CONFIG),
                getInt(LIMIT_NESTING_DEPTH_CONFIG), getInt(LIMIT_RECORDS_PER_ENVELOPE_CONFIG), getInt(LIMIT_RESULT_BYTES_CONFIG));
    }

    /**
     * Where the flows' Kafka Streams state lives: {@code state.dir}, else {@code <orchestrator.data.dir>/state}.
     * Absolute, not created.
     */
    public Path stateDirectory() {
        String stateDir = getString(STATE_DIR_CONFIG);
        Path dir = stateDir.isBlank() ? Path.of(getString(DATA_DIR_CONFIG), "state") : Path.of(stateDir);
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Whether {@code bootstrap.servers} is empty: then {@code bin/orchestrator} starts an embedded broker for the
     * runtime, which itself refuses to start without a cluster.
     */
    public boolean usesEmbeddedBroker() {
        return getString(BOOTSTRAP_SERVERS_CONFIG).isBlank();
    }

    /** Per-flow overrides: {@code flow.<flow>.<key>} sets {@code <key>} for that flow only. */
    public static final String FLOW_PREFIX = "flow.";

    /**
     * This configuration as seen by {@code flow}: every {@code flow.<flow>.<key>} replaces {@code <key>},
     * e.g. {@code flow.lead_sync.orchestrator.max.in.flight=200}.
     *
     * @throws ConfigException naming the key when an override has a bad value
     */
    public OrchestratorConfig forFlow(String flow) {
        Map<String, Object> overrides = originalsWithPrefix(FLOW_PREFIX + flow + ".");
        if (overrides.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new HashMap<>(originals());
        merged.putAll(overrides);
        return new OrchestratorConfig(merged);
    }

    /**
     * Client settings for the runtime's own clients (telemetry producer, admin): the {@link ClientSecurity} of
     * this configuration, then the {@code streams.}-prefixed keys that are plain client settings (security, SSL,
     * SASL), without the prefix (these win).
     *
     * @throws ConfigException naming the key when the security settings are incomplete
     */
    public Map<String, Object> clientOverrides() {
        Map<String, Object> out = new HashMap<>(ClientSecurity.of(this).clientProperties());
        streamsOverrides().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The {@code streams.}-prefixed keys, without the prefix. */
    public Map<String, Object> streamsOverrides() {
        return originalsWithPrefix(STREAMS_PREFIX);
    }

    /** Per-tool limits: {@code orchestrator.tool.<tool>.max.concurrent} and {@code orchestrator.tool.<tool>.rate.per.second}. */
    public static final String TOOL_PREFIX = "orchestrator.tool.";

    /**
     * The per-tool limits configured under {@link #TOOL_PREFIX}, by tool name.
     *
     * @throws ConfigException naming the key when a value is not a positive integer or the key is unknown
     */
    public Map<String, ToolLimits> toolLimits() {
        Map<String, int[]> raw = new TreeMap<>();
        originalsWithPrefix(TOOL_PREFIX).forEach((rest, value) -> {
            int dot = rest.indexOf('.');
            String tool = dot < 0 ? rest : rest.substring(0, dot);
            String setting = dot < 0 ? "" : rest.substring(dot + 1);
            int index = switch (setting) {
                case "max.concurrent" -> 0;
                case "rate.per.second" -> 1;
                default -> throw new ConfigException(TOOL_PREFIX + rest, value,
                        "unknown tool setting; use " + TOOL_PREFIX + "<tool>.max.concurrent or .rate.per.second");
            };
            int parsed;
            try {
                parsed = Integer.parseInt(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(TOOL_PREFIX + rest, value, "must be an integer");
            }
            if (parsed < (index == 0 ? 1 : 0)) {
                throw new ConfigException(TOOL_PREFIX + rest, value, index == 0 ? "must be >= 1" : "must be >= 0");
            }
            raw.computeIfAbsent(tool, t -> new int[] {Integer.MAX_VALUE, 0})[index] = parsed;
        });
        Map<String, ToolLimits> limits = new TreeMap<>();
        raw.forEach((tool, v) -> limits.put(tool, ToolLimits.of(v[0], v[1])));
        return limits;
    }

    /** The reference documentation of every key, as a Markdown table. */
    public static String toMarkdown() {
        StringBuilder out = new StringBuilder("| key | type | default | valid values | importance | description |\n")
                .append("|---|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : CONFIG.configKeys().values()) {
            String def = !key.hasDefault() ? "(required)"
                    : key.type == ConfigDef.Type.PASSWORD ? "" : String.valueOf(key.defaultValue);
            String valid = key.validator == null ? "" : key.validator.toString();
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase()).append(" | `")
                    .append(def.isEmpty() ? "\"\"" : def).append("` | ").append(valid.replace("|", "\\|")).append(" | ")
                    .append(key.importance.name().toLowerCase()).append(" | ").append(key.documentation).append(" |\n");
        }
        out.append("| `orchestrator.tool.<tool>.max.concurrent` | int | unlimited | [1,...] | medium | Calls of tool <tool> in progress at once, shared by every run of the instance; more wait without holding a thread (resilience4j bulkhead). |\n");
        out.append("| `orchestrator.tool.<tool>.rate.per.second` | int | `0` (unlimited) | [0,...] | medium | Calls of tool <tool> started per second, shared by every run of the instance (resilience4j rate limiter). |\n");
        out.append("| `flow.<flow>.<key>` | any | | | medium | Sets <key> for flow <flow> only, e.g. `flow.lead_sync.orchestrator.max.in.flight=200`. |\n");
        out.append("| `streams.<key>` | any | | | low | Passed to Kafka Streams as <key> (any Streams, producer or consumer setting). |\n");
        return out.toString();
    }
}
