package dev.orchestrators.core.flow;

import dev.orchestrators.core.errors.ConfigurationException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link FlowProvider} is told about the process hosting it: the settings given on the command
 * line ({@code -D key=value}) and in the configuration, as strings. Immutable.
 *
 * @param settings every setting, by key
 */
public record FlowEnvironment(Map<String, String> settings) {

    public FlowEnvironment {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public static FlowEnvironment empty() {
        return new FlowEnvironment(Map.of());
    }

    /** The setting {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /**
     * The setting {@code key} as a long, or {@code fallback}.
     *
     * @throws ConfigurationException naming the key when the value is not a number
     */
    public long getLong(String key, long fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }

    /**
     * The setting {@code key} as a double, or {@code fallback}.
     *
     * @throws ConfigurationException naming the key when the value is not a number
     */
    public double getDouble(String key, double fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a number, was '" + value + "'");
        }
    }

    /** The settings whose key starts with {@code prefix}, without it. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
