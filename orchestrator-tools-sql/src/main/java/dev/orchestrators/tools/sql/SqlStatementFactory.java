package dev.orchestrators.tools.sql;

import dev.orchestrators.core.config.ConfigKey;
import dev.orchestrators.tools.ToolAdapter;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.ToolSettings;
import java.util.List;

/** Makes {@code sql-statement} tools ({@link SqlStatementTool}). Stateless. */
public final class SqlStatementFactory implements ToolFactory {

    @Override
    public String type() {
        return SqlStatementTool.TYPE;
    }

    @Override
    public String description() {
        return "A WRITE tool that runs one SQL INSERT, UPDATE or DELETE (optionally RETURNING) on a JDBC database "
                + "(PostgreSQL first) at most once per idempotency key: the statement and the key's row in "
                + "idempotency.table commit in one transaction, and a repeated key answers the first result.";
    }

    @Override
    public List<ConfigKey<?>> keys() {
        return SqlSettings.statementKeys();
    }

    /** @throws dev.orchestrators.core.errors.ConfigurationException naming the key, for a bad setting */
    @Override
    public ToolAdapter create(ToolSettings settings) {
        return new SqlStatementTool(settings);
    }
}
