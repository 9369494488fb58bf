package dev.orchestrators.cli;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.config.ClientSecurity;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * How a command's clients authenticate: the security keys of {@link OrchestratorConfig} as options. Secrets are
 * read from files ({@code --sasl-password-file}, {@code --secret-file}), never taken from the command line, where
 * every user of the machine could read them.
 */
final class SecurityOptions {
    @Option(names = "--security-protocol", paramLabel = "PROTOCOL",
            description = "PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL (security.protocol).")
    String protocol;

    @Option(names = "--sasl-username", paramLabel = "USER", description = "SASL user (sasl.username); SCRAM-SHA-512 unless -D sasl.mechanism=...")
    String username;

    @Option(names = "--sasl-password-file", paramLabel = "FILE", description = "Read the SASL password (sasl.password) from the first line of FILE.")
    Path passwordFile;

    @Option(names = "--ssl-truststore", paramLabel = "FILE", description = "Trust store with the brokers' CA (ssl.truststore.location).")
    Path truststore;

    @Option(names = "--secret-file", paramLabel = "KEY=FILE",
            description = "Read a secret key (ssl.truststore.password, ssl.keystore.password, ssl.key.password, sasl.password) "
                    + "from the first line of FILE (repeatable).")
    Map<String, Path> secretFiles = new LinkedHashMap<>();

    /**
     * The configuration values these options set (none by default).
     *
     * @throws ConfigurationException when a secret file cannot be read or a key is not a secret one
     */
    Map<String, Object> values() {
        Map<String, Object> values = new HashMap<>();
        if (protocol != null) {
            values.put(OrchestratorConfig.SECURITY_PROTOCOL_CONFIG, protocol);
        }
        if (username != null) {
            values.put(OrchestratorConfig.SASL_USERNAME_CONFIG, username);
        }
        if (truststore != null) {
            values.put(OrchestratorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toAbsolutePath().toString());
        }
        secretFiles.forEach((key, file) -> {
            ConfigDef.ConfigKey definition = OrchestratorConfig.CONFIG.configKeys().get(key);
            if (definition == null || definition.type != ConfigDef.Type.PASSWORD) {
                throw new ConfigurationException("--secret-file " + key + ": not a secret key; use one of "
                        + OrchestratorConfig.CONFIG.configKeys().values().stream().filter(k -> k.type == ConfigDef.Type.PASSWORD)
                                .map(k -> k.name).toList());
            }
            values.put(key, firstLine("--secret-file " + key, file));
        });
        if (passwordFile != null) {
            values.put(OrchestratorConfig.SASL_PASSWORD_CONFIG, firstLine("--sasl-password-file", passwordFile));
        }
        return values;
    }

    /**
     * The client properties of these options alone, for a command's own client ({@code publish}, {@code tail}).
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the key when SASL lacks a user or password
     */
    Map<String, Object> clientProperties() {
        return ClientSecurity.of(new OrchestratorConfig(values())).clientProperties();
    }

    private static String firstLine(String option, Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new ConfigurationException(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
