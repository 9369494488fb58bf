package dev.orchestrators.tools.sql;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolHealth;
import dev.orchestrators.tools.ToolSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the two SQL tools share: their settings (validated against their keys), the parsed statement, the row limit,
 * and the pool and threads the statement runs on, with the health check, capacity, description and close that follow
 * from them. Thread-safe.
 */
abstract class SqlTool implements ToolAdapter {
    final ToolSettings settings;
    final NamedSql sql;
    final int maxRows;
    final SqlCalls calls;
    private final List<ConfigKey<?>> keys;
    private final String type;
    private final Capability capability;

    /** @throws ConfigurationException naming the key, for a bad setting or an SQL text that does not parse */
    SqlTool(ToolSettings settings, List<ConfigKey<?>> keys, String type, Capability capability, AdapterMeters meters,
            SqlCalls.Probe probe) {
        settings.validate(keys);
        this.settings = settings;
        this.keys = keys;
        this.type = type;
        this.capability = capability;
        this.sql = parse(settings, settings.get(SqlSettings.SQL));
        this.maxRows = settings.get(SqlSettings.MAX_ROWS);
        this.calls = calls(settings, meters, probe);
    }

    /** The pool and threads {@code settings} describe. */
    private static SqlCalls calls(ToolSettings settings, AdapterMeters meters, SqlCalls.Probe probe) {
        SqlPool pool = SqlPool.from(settings);
        try {
            return new SqlCalls(settings.toolName(), pool, settings.get(SqlSettings.QUEUE_SIZE),
                    settings.get(SqlSettings.TIMEOUT_MS), meters, probe);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static NamedSql parse(ToolSettings settings, String text) {
        try {
            return NamedSql.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(settings.qualified(SqlSettings.SQL.name()) + ": " + e.getMessage());
        }
    }

    @Override
    public final String name() {
        return settings.toolName();
    }

    @Override
    public final Capability capability() {
        return capability;
    }

    @Override
    public final String type() {
        return type;
    }

    /** {@code SELECT 1} on a fresh connection (see {@link SqlPool#checkHealth()}). */
    @Override
    public final CompletionStage<ToolHealth> checkHealth() {
        return calls.pool().checkHealth();
    }

    @Override
    public final int capacity() {
        return calls.capacity();
    }

    @Override
    public final Map<String, String> describe() {
        return settings.describe(keys);
    }

    @Override
    public final void close() {
        calls.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + ", " + calls.pool() + "]";
    }
}
