package dev.orchestrators.broker;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * The settings of a secured embedded broker: its client listener requires SASL/SCRAM-SHA-512 (over TLS when a key
 * store is given), the standard authorizer decides every request from ACLs, and one super user may do
 * everything. The super user's SCRAM credential is written into the metadata log when the storage is formatted
 * (salted, as {@code kafka-storage.sh format --add-scram} does), so brokers can authenticate to each other from
 * the first start; the controller listener uses SASL/PLAIN with the same user, so no principal is anonymous.
 * Immutable.
 */
final class BrokerSecurity {
    static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]+");
    private static final int ITERATIONS = 4096;

    private final String superUser;
    private final Password password;
    private final Tls tls;

    /**
     * The broker's TLS identity (and the trust store its own client side uses between broker and broker).
     *
     * @param keystore           key store with the broker's certificate (naming 127.0.0.1) and key
     * @param keystorePassword   its password (also the key's)
     * @param truststore         trust store with the CA of the broker's certificate
     * @param truststorePassword its password
     */
    record Tls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(keystorePassword, "keystorePassword");
            Objects.requireNonNull(truststore, "truststore");
            Objects.requireNonNull(truststorePassword, "truststorePassword");
        }

        @Override
        public String toString() {
            return "Tls[" + keystore + ", " + truststore + "]";
        }
    }

    BrokerSecurity(String superUser, String password, Tls tls) {
        if (superUser == null || !USER_NAME.matcher(superUser).matches()) {
            throw new IllegalArgumentException("the super user's name must match " + USER_NAME + ", was " + superUser);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the super user's password must not be empty");
        }
        this.superUser = superUser;
        this.password = new Password(password);
        this.tls = tls;
    }

    BrokerSecurity withTls(Tls tls) {
        return new BrokerSecurity(superUser, password.value(), Objects.requireNonNull(tls, "tls"));
    }

    /** The client listener's name and security protocol: SASL_PLAINTEXT, or SASL_SSL with TLS. */
    String clientProtocol() {
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    String superUser() {
        return superUser;
    }

    /** The server properties that secure the client listener {@code clientListener} and the controller listener. */
    Map<String, String> serverProperties(String clientListener, String controllerListener) {
        Map<String, String> props = new LinkedHashMap<>();
        String client = "listener.name." + clientListener.toLowerCase(Locale.ROOT) + ".";
        String controller = "listener.name." + controllerListener.toLowerCase(Locale.ROOT) + ".";
        props.put(client + "sasl.enabled.mechanisms", SCRAM_SHA_512);
        props.put(client + "scram-sha-512.sasl.jaas.config", scramJaas(superUser, password.value()));
        props.put("sasl.mechanism.inter.broker.protocol", SCRAM_SHA_512);
        // The controller cannot use SCRAM (its credentials live in the metadata it serves): PLAIN, with the
        // super user as its only user, for the broker's registration and heartbeats.
        props.put(controller + "sasl.enabled.mechanisms", "PLAIN");
        props.put(controller + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + superUser + "\" password=\"" + escape(password.value()) + "\""
                + " user_" + superUser + "=\"" + escape(password.value()) + "\";");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("authorizer.class.name", AUTHORIZER);
        props.put("super.users", "User:" + superUser);
        if (tls != null) {
            props.put(client + "ssl.keystore.location", tls.keystore().toString());
            props.put(client + "ssl.keystore.password", tls.keystorePassword());
            props.put(client + "ssl.key.password", tls.keystorePassword());
            props.put(client + "ssl.truststore.location", tls.truststore().toString());
            props.put(client + "ssl.truststore.password", tls.truststorePassword());
        }
        return props;
    }

    /** Whether a server property holds a secret (left out of the file the storage tool reads). */
    static boolean isSecret(String key) {
        return key.endsWith("sasl.jaas.config") || key.endsWith(".password");
    }

    /** The storage tool's arguments that add the super user's salted SCRAM credential to the metadata log. */
    List<String> formatArguments() {
        try {
            byte[] salt = new byte[32];
            new SecureRandom().nextBytes(salt);
            byte[] salted = new ScramFormatter(ScramMechanism.SCRAM_SHA_512).saltedPassword(password.value(), salt, ITERATIONS);
            Base64.Encoder base64 = Base64.getEncoder();
            return List.of("--add-scram", SCRAM_SHA_512 + "=[name=" + superUser + ",iterations=" + ITERATIONS
                    + ",salt=\"" + base64.encodeToString(salt) + "\",saltedpassword=\"" + base64.encodeToString(salted) + "\"]");
        } catch (GeneralSecurityException e) {
            throw new EmbeddedBrokerException("cannot salt the super user's SCRAM password: " + e, e);
        }
    }

    /** Client properties to connect as the super user (secrets as {@link Password}s). */
    Map<String, Object> superUserClientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", clientProtocol());
        props.put("sasl.mechanism", SCRAM_SHA_512);
        props.put("sasl.jaas.config", new Password(scramJaas(superUser, password.value())));
        if (tls != null) {
            props.put("ssl.truststore.location", tls.truststore().toString());
            props.put("ssl.truststore.password", new Password(tls.truststorePassword()));
        }
        return props;
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + escape(user)
                + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "BrokerSecurity[" + clientProtocol() + ", super user " + superUser + ", password " + Password.HIDDEN
                + (tls == null ? "" : ", " + tls) + "]";
    }
}
