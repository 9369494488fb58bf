package dev.orchestrators.streams.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * How the runtime's clients authenticate to the brokers and protect their connections: the client properties
 * of the documented security keys ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}). The runtime applies
 * them to every client it makes: each flow's Kafka Streams instance (and so its consumers, producers and admin
 * client), the archiver, the provisioning admin client and the telemetry producer; {@code streams.<key>}
 * settings are applied after them and win.
 *
 * <p>With SASL, {@code sasl.jaas.config} is built from {@code sasl.username} and {@code sasl.password}
 * ({@code ScramLoginModule} for SCRAM-SHA-512/256, {@code PlainLoginModule} for PLAIN). Every secret
 * (the JAAS configuration, the store and key passwords) is handed to Kafka as a {@link Password}, so neither
 * {@link #toString()}, nor a printed property map, nor Kafka's own configuration logs ever show it.
 *
 * <pre>{@code
 * ClientSecurity security = ClientSecurity.of(config);        // security.protocol=SASL_SSL, sasl.username=...
 * Map<String, Object> props = new HashMap<>(security.clientProperties());
 * props.put("bootstrap.servers", bootstrap);
 * Admin admin = Admin.create(props);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientSecurity {
    public static final String PLAINTEXT = "PLAINTEXT";
    public static final String SSL = "SSL";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    public static final String SASL_SSL = "SASL_SSL";
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String PLAIN = "PLAIN";

    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private final String protocol;
    private final String mechanism;
    private final String username;
    private final Password password;
    private final String truststoreLocation;
    private final Password truststorePassword;
    private final String keystoreLocation;
    private final Password keystorePassword;
    private final Password keyPassword;
    private final String endpointIdentification;

    private ClientSecurity(OrchestratorConfig config) {
        this.protocol = config.getString(OrchestratorConfig.SECURITY_PROTOCOL_CONFIG);
        this.mechanism = config.getString(OrchestratorConfig.SASL_MECHANISM_CONFIG);
        this.username = config.getString(OrchestratorConfig.SASL_USERNAME_CONFIG);
        this.password = config.getPassword(OrchestratorConfig.SASL_PASSWORD_CONFIG);
        this.truststoreLocation = config.getString(OrchestratorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
        this.truststorePassword = config.getPassword(OrchestratorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        this.keystoreLocation = config.getString(OrchestratorConfig.SSL_KEYSTORE_LOCATION_CONFIG);
        this.keystorePassword = config.getPassword(OrchestratorConfig.SSL_KEYSTORE_PASSWORD_CONFIG);
        this.keyPassword = config.getPassword(OrchestratorConfig.SSL_KEY_PASSWORD_CONFIG);
        this.endpointIdentification = config.getString(OrchestratorConfig.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
    }

    /**
     * The security settings of {@code config}.
     *
     * @throws ConfigException naming the key when SASL is chosen without a user name or password (and without a
     *                         {@code streams.sasl.jaas.config} of its own)
     */
    public static ClientSecurity of(OrchestratorConfig config) {
        ClientSecurity security = new ClientSecurity(Objects.requireNonNull(config, "config"));
        boolean ownJaas = config.streamsOverrides().containsKey(SaslConfigs.SASL_JAAS_CONFIG);
        if (security.usesSasl() && !ownJaas) {
            if (security.username.isBlank()) {
                throw new ConfigException(OrchestratorConfig.SASL_USERNAME_CONFIG, security.username,
                        "required with security.protocol=" + security.protocol);
            }
            if (security.password == null || security.password.value().isEmpty()) {
                throw new ConfigException(OrchestratorConfig.SASL_PASSWORD_CONFIG, null,
                        "required with security.protocol=" + security.protocol + " (on the command line: --sasl-password-file)");
            }
        }
        return security;
    }

    /** {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String protocol() {
        return protocol;
    }

    /** {@code sasl.mechanism}: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (used only with SASL). */
    public String mechanism() {
        return mechanism;
    }

    /** Whether clients authenticate with SASL. */
    public boolean usesSasl() {
        return protocol.startsWith("SASL_");
    }

    /** Whether connections are TLS. */
    public boolean usesTls() {
        return protocol.endsWith(SSL);
    }

    /** The SASL user name ({@code ""} without SASL). */
    public String username() {
        return usesSasl() ? username : "";
    }

    /** The SASL password, or {@code null} without SASL. */
    public Password password() {
        return usesSasl() ? password : null;
    }

    /**
     * The client properties: nothing for PLAINTEXT (Kafka's defaults), else {@code security.protocol} with the
     * SASL settings ({@code sasl.mechanism}, {@code sasl.jaas.config}) and/or the TLS settings that are set.
     * Secrets are {@link Password} values.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        if (PLAINTEXT.equals(protocol)) {
            return props;
        }
        props.put("security.protocol", protocol);
        if (usesSasl() && !username.isBlank() && password != null) {
            props.put(SaslConfigs.SASL_MECHANISM, mechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaasConfig(mechanism, username, password.value())));
        }
        if (usesTls()) {
            putIfSet(props, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststoreLocation);
            putIfSet(props, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
            putIfSet(props, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystoreLocation);
            putIfSet(props, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystorePassword);
            putIfSet(props, SslConfigs.SSL_KEY_PASSWORD_CONFIG, keyPassword);
            props.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, endpointIdentification);
        }
        return props;
    }

    /**
     * The JAAS configuration of a SASL client: {@code <LoginModule> required username="..." password="...";},
     * quotes and backslashes in either escaped.
     *
     * @throws IllegalArgumentException for a mechanism other than SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN
     */
    public static String jaasConfig(String mechanism, String username, String password) {
        String module = switch (mechanism) {
            case SCRAM_SHA_512, SCRAM_SHA_256 -> SCRAM_LOGIN_MODULE;
            case PLAIN -> PLAIN_LOGIN_MODULE;
            default -> throw new IllegalArgumentException("no login module for SASL mechanism " + mechanism);
        };
        return module + " required username=\"" + escape(username) + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void putIfSet(Map<String, Object> props, String key, String value) {
        if (!value.isBlank()) {
            props.put(key, value);
        }
    }

    private static void putIfSet(Map<String, Object> props, String key, Password value) {
        if (value != null && !value.value().isEmpty()) {
            props.put(key, value);
        }
    }

    /** The protocol, mechanism, user and stores; whether each secret is set, never its value. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ClientSecurity[").append(protocol);
        if (usesSasl()) {
            out.append(", ").append(mechanism).append(" as ").append(username.isBlank() ? "?" : username)
                    .append(", password ").append(password == null ? "not set" : Password.HIDDEN);
        }
        if (usesTls()) {
            out.append(", truststore ").append(truststoreLocation.isBlank() ? "(JVM default)" : truststoreLocation)
                    .append(", keystore ").append(keystoreLocation.isBlank() ? "(none)" : keystoreLocation)
                    .append(", endpoint identification ").append(endpointIdentification.isBlank() ? "off" : endpointIdentification);
        }
        return out.append(']').toString();
    }
}
