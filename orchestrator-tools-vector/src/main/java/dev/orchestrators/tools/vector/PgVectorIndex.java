package dev.orchestrators.tools.vector;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vectors in a PostgreSQL table with the pgvector extension, searched by cosine distance:
 * {@code SELECT *, 1 - (embedding <=> ?::vector) AS score FROM table ORDER BY embedding <=> ?::vector LIMIT ?}
 * (an HNSW or IVFFlat index on the column with {@code vector_cosine_ops} makes it fast). The vector is bound as a
 * parameter; the table and column names come from configuration and are checked to be plain identifiers.
 *
 * <p><b>The extension.</b> At start-up the database is asked whether the {@code vector} extension is created; when it
 * is not, start-up fails with a {@link ConfigurationException} that says how to install it. When the database cannot
 * be reached at start-up, the same check runs before the first search, and fails that call with the permanent
 * {@code MissingExtension}. Failures are classified by {@link PgFailures}.
 *
 * <p>Connections: a HikariCP pool of {@code pool.size} (one per thread that searches), read-only, each statement bounded
 * by the time-out. Thread-safe.
 */
final class PgVectorIndex implements VectorIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PgVectorIndex.class);

    private final String tool;
    private final HikariDataSource pool;
    private final String table;
    private final String column;
    private final Duration timeout;
    private final String sql;
    private volatile boolean verified;

    private PgVectorIndex(String tool, HikariDataSource pool, String table, String column, Duration timeout) {
        this.tool = tool;
        this.pool = pool;
        this.table = table;
        this.column = column;
        this.timeout = timeout;
        this.sql = "SELECT *, 1 - (" + column + " <=> ?::vector) AS score FROM " + table + " ORDER BY " + column
                + " <=> ?::vector LIMIT ?";
    }

    /**
     * A pool of {@code poolSize} connections from {@code database}, with the extension checked now when the database
     * answers.
     *
     * @throws ConfigurationException when the database answers that the {@code vector} extension is missing
     */
    static PgVectorIndex start(String tool, DataSource database, int poolSize, String table, String column, Duration timeout) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(Objects.requireNonNull(database, "database"));
        config.setPoolName("tool-" + tool);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), config.getConnectionTimeout() - 1)));
        config.setInitializationFailTimeout(-1); // an unreachable database must not stop the worker: checked at first use
        config.setReadOnly(true);
        PgVectorIndex index = new PgVectorIndex(tool, new HikariDataSource(config), table, column, timeout);
        try {
            index.verify();
        } catch (PermanentException missing) {
            index.close();
            throw new ConfigurationException(missing.getMessage(), missing);
        } catch (TransientException unreachable) {
            LOG.warn("tool '{}': the database cannot be reached now ({}); the 'vector' extension is checked before the "
                    + "first search", tool, unreachable.getMessage());
        }
        return index;
    }

    /**
     * Checks that the {@code vector} extension is created in the database.
     *
     * @return the extension's version
     * @throws PermanentException {@code MissingExtension} saying how to install it, or another permanent SQL failure
     * @throws TransientException when the database cannot be reached
     */
    String verify() {
        String query = "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector'), "
                + "(SELECT default_version FROM pg_available_extensions WHERE name = 'vector'), "
                + "current_setting('server_version_num')::int / 10000, current_database()";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds());
            try (ResultSet row = statement.executeQuery(query)) {
                row.next();
                String installed = row.getString(1);
                if (installed == null) {
                    throw missing(row.getString(2) != null, row.getInt(3), row.getString(4));
                }
                verified = true;
                return installed;
            }
        } catch (SQLException e) {
            throw PgFailures.classify(tool, e);
        }
    }

    /** How to install pgvector on a PostgreSQL {@code major} server, and create it. */
    static String installHint(String major) {
        return "install pgvector on the database server (Debian and Ubuntu: the package postgresql-" + major + "-pgvector "
                + "from the PostgreSQL apt repository apt.postgresql.org, which Debian 12's own archive does not carry; "
                + "elsewhere build it from https://github.com/pgvector/pgvector), then run CREATE EXTENSION vector; in the "
                + "database";
    }

    private PermanentException missing(boolean available, int major, String database) {
        String message = available
                ? "tool '" + tool + "': the PostgreSQL database '" + database + "' has no extension 'vector' (pgvector); "
                        + "the server has it available: run CREATE EXTENSION vector; in that database"
                : "tool '" + tool + "': the PostgreSQL " + major + " server of database '" + database + "' has no extension "
                        + "'vector' (pgvector): " + installHint(Integer.toString(major));
        return new PermanentException("MissingExtension", message, null);
    }

    @Override
    public List<Hit> search(float[] vector, int k) {
        if (!verified) {
            verify();
        }
        String literal = Vectors.pgvectorLiteral(vector);
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds());
            statement.setString(1, literal);
            statement.setString(2, literal);
            statement.setInt(3, k);
            try (ResultSet rows = statement.executeQuery()) {
                int scoreColumn = rows.getMetaData().getColumnCount();
                List<Hit> hits = new ArrayList<>(k);
                while (rows.next()) {
                    double score = rows.getDouble(scoreColumn);
                    hits.add(new Hit(JdbcValues.row(rows, column, 1), rows.wasNull() ? -1.0 : score));
                }
                return hits;
            }
        } catch (SQLException e) {
            throw PgFailures.classify(tool, e);
        }
    }

    @Override
    public String health() {
        String version = verify();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds());
            statement.executeQuery("SELECT 1 FROM " + table + " LIMIT 1").close();
        } catch (SQLException e) {
            throw PgFailures.classify(tool, e);
        }
        return "pgvector " + version + " reachable, table " + table + " (column " + column + ")";
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
    }

    @Override
    public void close() {
        pool.close();
    }
}
