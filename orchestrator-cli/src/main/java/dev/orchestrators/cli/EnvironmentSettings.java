package dev.orchestrators.cli;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration keys as environment variables, for workers in containers: {@code ORCHESTRATOR_<NAME>} sets a key as
 * {@code -D} would, with the naming rule of the {@code apache/kafka} image. {@code <NAME>} is the key, without a
 * leading {@code orchestrator.}, upper-cased, with {@code .} written {@code _}, {@code _} written {@code __} and
 * {@code -} written {@code ___}:
 * <pre>
 * ORCHESTRATOR_BOOTSTRAP_SERVERS=kafka:9092                        bootstrap.servers
 * ORCHESTRATOR_MAX_IN_FLIGHT=500                                   orchestrator.max.in.flight
 * ORCHESTRATOR_SASL_PASSWORD=...                                   sasl.password
 * ORCHESTRATOR_STREAMS_NUM_STANDBY_REPLICAS=1                      streams.num.standby.replicas
 * ORCHESTRATOR_TOOL_EMAIL__SENDER_RATE_PER_SECOND=20               orchestrator.tool.email_sender.rate.per.second
 * ORCHESTRATOR_TOOL_DATA__COORDINATOR_JDBC_URL=jdbc:postgresql://db/crm   tool.data_coordinator.jdbc.url
 * ORCHESTRATOR_FLOW_LEAD__SYNC_ORCHESTRATOR_WIRE_FORMAT=avro       flow.lead_sync.orchestrator.wire.format
 * </pre>
 * A name is read as {@code orchestrator.<name>} when that is a key of the runtime, else as {@code <name>}; no key
 * is reachable both ways ({@link #variableOf} checks it). Every other {@code ORCHESTRATOR_} variable is refused at
 * start, naming it, so a misspelt setting never goes unnoticed; {@value #JAVA_OPTS} (the JVM options of
 * {@code bin/orchestrator}) is the one exception. Settings a flow provider reads for itself ({@code samples.*})
 * are not keys of the runtime: give them with {@code -D}. Stateless.
 */
final class EnvironmentSettings {
    /** The prefix of every setting given as an environment variable. */
    static final String PREFIX = "ORCHESTRATOR_";
    /** {@code bin/orchestrator}'s own variable (the JVM's options): not a setting. */
    static final String JAVA_OPTS = "ORCHESTRATOR_JAVA_OPTS";

    private static final String ORCHESTRATOR = "orchestrator.";
    /** Where tool adapters' settings start ({@code ToolSettings.PREFIX}). */
    private static final String TOOL_SETTINGS_PREFIX = dev.orchestrators.tools.ToolSettings.PREFIX;
    /** Where archive stores' settings start ({@code archive.s3.*}); {@code orchestrator.archive.dir} is a key of its own. */
    private static final String ARCHIVE_STORE_PREFIX = "archive.";

    private EnvironmentSettings() {
    }

    /**
     * The settings the {@code ORCHESTRATOR_} variables of {@code environment} give, by key.
     *
     * @throws ConfigurationException naming the variable when one names no key of the runtime
     */
    static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith(PREFIX) && !variable.equals(JAVA_OPTS)) {
                settings.put(keyOf(variable), value);
            }
        });
        return settings;
    }

    /**
     * The key environment variable {@code variable} sets, e.g. {@code orchestrator.max.in.flight} for
     * {@code ORCHESTRATOR_MAX_IN_FLIGHT}.
     *
     * @throws ConfigurationException naming the variable when it is no {@code ORCHESTRATOR_} variable or names no key
     */
    static String keyOf(String variable) {
        if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
            throw new ConfigurationException("environment variable " + variable + ": settings are named " + PREFIX + "<KEY>");
        }
        String name = decode(variable, variable.substring(PREFIX.length()));
        if (isKey(ORCHESTRATOR + name)) {
            return ORCHESTRATOR + name;
        }
        if (isKey(name)) {
            return name;
        }
        throw new ConfigurationException("environment variable " + variable + " sets no configuration key (neither "
                + ORCHESTRATOR + name + " nor " + name + "); see docs/configuration.md and docs/deployment.md, "
                + "e.g. ORCHESTRATOR_MAX_IN_FLIGHT for orchestrator.max.in.flight");
    }

    /**
     * The environment variable that sets {@code key}, e.g. {@code ORCHESTRATOR_MAX_IN_FLIGHT} for
     * {@code orchestrator.max.in.flight}.
     *
     * @throws IllegalArgumentException when {@code key} is no key of the runtime, or cannot be written as a variable
     *                                  (a character other than a-z, 0-9, '.', '_', '-', or two of '.', '_', '-' in a row)
     */
    static String variableOf(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException(key + " is no configuration key of the runtime");
        }
        String name = key.startsWith(ORCHESTRATOR) ? key.substring(ORCHESTRATOR.length()) : key;
        StringBuilder variable = new StringBuilder(PREFIX);
        char previous = '.';
        for (char c : name.toCharArray()) {
            boolean separator = c == '.' || c == '_' || c == '-';
            if (separator && (previous == '.' || previous == '_' || previous == '-')
                    || !separator && !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                throw new IllegalArgumentException(key + " cannot be written as an environment variable; use -D " + key + "=...");
            }
            variable.append(switch (c) {
                case '.' -> "_";
                case '_' -> "__";
                case '-' -> "___";
                default -> String.valueOf(Character.toUpperCase(c));
            });
            previous = c;
        }
        if (previous == '.' || previous == '_' || previous == '-' || !keyOf(variable.toString()).equals(key)) {
            throw new IllegalArgumentException(key + " cannot be written as an environment variable; use -D " + key + "=...");
        }
        return variable.toString();
    }

    /**
     * A key the runtime reads: a defined one, a per-tool limit ({@code orchestrator.tool.<tool>.max.concurrent} or
     * {@code .rate.per.second}), a tool adapter's setting ({@code tool.<name>.<key>}), an archive store's
     * ({@code archive.s3.bucket}), or one under the per-flow or
     * Kafka Streams prefix.
     */
    static boolean isKey(String key) {
        return OrchestratorConfig.CONFIG.configKeys().containsKey(key)
                || longerThan(key, OrchestratorConfig.TOOL_PREFIX)
                        && (key.endsWith(".max.concurrent") || key.endsWith(".rate.per.second"))
                || longerThan(key, TOOL_SETTINGS_PREFIX)
                || longerThan(key, ARCHIVE_STORE_PREFIX)
                || longerThan(key, OrchestratorConfig.FLOW_PREFIX)
                || longerThan(key, OrchestratorConfig.STREAMS_PREFIX);
    }

    private static boolean longerThan(String key, String prefix) {
        return key.startsWith(prefix) && key.length() > prefix.length();
    }

    /** {@code _} is '.', {@code __} '_', {@code ___} '-', the rest lower-cased. */
    private static String decode(String variable, String name) {
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '_') {
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                    throw new ConfigurationException("environment variable " + variable + ": only letters, digits and '_' may follow "
                            + PREFIX);
                }
                key.append(Character.toLowerCase(c));
                i++;
                continue;
            }
            int run = 0;
            while (i < name.length() && name.charAt(i) == '_') {
                run++;
                i++;
            }
            key.append(switch (run) {
                case 1 -> ".";
                case 2 -> "_";
                case 3 -> "-";
                default -> throw new ConfigurationException("environment variable " + variable + ": " + run
                        + " underscores in a row mean nothing ('_' is '.', '__' is '_', '___' is '-')");
            });
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }
}
