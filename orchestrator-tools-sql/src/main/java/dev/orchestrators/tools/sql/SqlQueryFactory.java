package dev.orchestrators.tools.sql;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolSettings;
import java.util.List;

/** Makes {@code sql-query} tools ({@link SqlQueryTool}). Stateless. */
public final class SqlQueryFactory implements ToolFactory {

    @Override
    public String type() {
        return SqlQueryTool.TYPE;
    }

    @Override
    public String description() {
        return "A READ tool that runs one SQL query on a JDBC database (PostgreSQL first) with the call's arguments bound "
                + "to its named parameters (:name), and answers the rows as records (at most max.rows; truncated says "
                + "when more existed).";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return SqlSettings.queryKeys();
    }

    /** @throws dev.orchestrators.core.errors.ConfigurationException naming the key, for a bad setting */
    @Override
    public ToolAdapter create(ToolSettings settings) {
        return new SqlQueryTool(settings);
    }
}
