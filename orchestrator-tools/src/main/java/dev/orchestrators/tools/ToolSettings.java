package dev.orchestrators.tools;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The settings of one configured tool: every {@code tool.<name>.<key>} setting, by {@code <key>}. Values are
 * read through the factory's {@link ConfigKey}s, so a bad value fails naming its full key. Immutable.
 *
 * @param toolName the tool's name (what orchestrators call it by)
 * @param values   the raw settings, by key relative to {@code tool.<name>.}
 */
public record ToolSettings(String toolName, Map<String, String> values) {
    /** Where every tool's settings start. */
    public static final String PREFIX = "tool.";
    /** The key that chooses a tool's adapter type. */
    public static final String TYPE = "type";

    public ToolSettings {
        Objects.requireNonNull(toolName, "toolName");
        values = Collections.unmodifiableMap(new TreeMap<>(values == null ? Map.of() : values));
    }

    /** The settings of each tool named in {@code settings} ({@code tool.<name>.type} names a tool), by name. */
    public static Map<String, ToolSettings> allIn(Map<String, String> settings) {
        Map<String, Map<String, String>> byTool = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.endsWith("." + TYPE)) {
                String name = key.substring(PREFIX.length(), key.length() - TYPE.length() - 1);
                if (!name.isEmpty() && !name.contains(".")) {
                    byTool.put(name, new TreeMap<>());
                }
            }
        });
        settings.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot > 0 && byTool.containsKey(rest.substring(0, dot))) {
                byTool.get(rest.substring(0, dot)).put(rest.substring(dot + 1), value);
            }
        });
        Map<String, ToolSettings> out = new LinkedHashMap<>();
        byTool.forEach((name, values) -> out.put(name, new ToolSettings(name, values)));
        return out;
    }

    /** Settings for tool {@code toolName} of {@code type} with {@code values} (for tests and code). */
    public static ToolSettings of(String toolName, String type, Map<String, String> values) {
        Map<String, String> all = new TreeMap<>(values);
        all.put(TYPE, type);
        return new ToolSettings(toolName, all);
    }

    /** The adapter type ({@code tool.<name>.type}). */
    public String type() {
        return values.getOrDefault(TYPE, "");
    }

    /** The full key of {@code key}: {@code tool.<name>.<key>}. */
    public String qualified(String key) {
        return PREFIX + toolName + "." + key;
    }

    /**
     * The value of {@code key}, or its default.
     *
     * @throws ConfigurationException naming the full key when the value is missing, malformed or invalid
     */
    public <T> T get(ConfigKey<T> key) {
        return key.parse(values.get(key.name()), qualified(key.name()));
    }

    /** The secret {@code key} references ({@link Secret#NONE} when not set). */
    public Secret secret(ConfigKey<Secret> key) {
        return get(key);
    }

    /** Whether {@code key} was given. */
    public boolean has(ConfigKey<?> key) {
        String value = values.get(key.name());
        return value != null && !value.isBlank();
    }

    /**
     * Checks that every setting is one of {@code keys}, every required key is given and every value parses.
     *
     * @throws ConfigurationException naming each unknown key (with the known ones) or the first bad value
     */
    public void validate(List<ConfigKey<?>> keys) {
        Set<String> known = keys.stream().map(ConfigKey::name).collect(Collectors.toCollection(TreeSet::new));
        known.add(TYPE);
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("unknown setting(s) of tool '" + toolName + "' (type " + type() + "): "
                    + unknown.stream().map(this::qualified).toList() + "; known: " + known);
        }
        keys.forEach(this::get);
    }

    /** The settings as a user may see them: every value but secrets, which show their reference only. */
    public Map<String, String> describe(List<ConfigKey<?>> keys) {
        Map<String, String> out = new TreeMap<>();
        for (ConfigKey<?> key : keys) {
            Object value = get(key);
            if (value instanceof Secret secret) {
                if (secret.isPresent()) {
                    out.put(key.name(), secret.reference());
                }
            } else if (has(key)) {
                out.put(key.name(), String.valueOf(value));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ToolSettings[" + toolName + ", type " + type() + ", keys " + values.keySet() + "]";
    }
}
