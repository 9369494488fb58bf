package dev.orchestrators.tools.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.tools.ToolHealth;
import dev.orchestrators.tools.ToolSettings;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A HikariCP connection pool to one database, made from the SQL tools' connection keys: what the SQL tools run
 * on, and what {@link JdbcArchiveStore} and {@link JdbcAuditStore} can be built on.
 *
 * <pre>{@code
 * SqlPool pool = SqlPool.newBuilder("archive", "jdbc:postgresql://db:5432/ops")
 *         .user("archiver").password(Secret.parse("file:/run/secrets/ops")).poolSize(2).build();
 * ArchiveStore store = JdbcArchiveStore.newBuilder(pool.dataSource()).build();
 * }</pre>
 *
 * <p><b>Connections.</b> A fixed number of connections ({@code poolSize}), opened in the background: the pool starts
 * even when the database is down (a call then fails transiently after {@code connectionTimeout}, and the health
 * check says so). The password is read from its {@link Secret} each time a connection is made (a rotated file is
 * picked up by the next connection) and is never held by the pool's configuration, logged or shown.
 *
 * <p><b>PostgreSQL.</b> For {@code jdbc:postgresql:} URLs the pool sends strings untyped ({@code stringtype=unspecified},
 * so {@code '42'} compares with a bigint and an ISO string with a timestamptz) and names its connections
 * {@code orchestrator/<name>} ({@code ApplicationName}), and gives a cancel request one second
 * ({@code cancelSignalTimeout}; a timed-out statement waits for its cancel), unless the URL says otherwise. A URL
 * that carries a password is refused, and so is one pointing at Supabase's transaction pooler (port 6543) without
 * {@code prepareThreshold}.
 *
 * <p>Thread-safe. {@link #close()} closes every connection.
 */
public final class SqlPool implements AutoCloseable {
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("[?&;:](ssl)?password=|//[^/?@]*:[^/?@]*@",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SUPABASE_TRANSACTION_POOLER = Pattern.compile(
            "//[^/?]*pooler\\.supabase\\.com:6543([/?]|$)", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final Secret password;
    private final int poolSize;
    private final Duration connectionTimeout;
    private final HikariDataSource dataSource;

    private SqlPool(Builder b) {
        this.name = b.name;
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.poolSize = b.poolSize;
        this.connectionTimeout = b.connectionTimeout;
        this.dataSource = new HikariDataSource(config());
    }

    /**
     * A pool builder for database {@code jdbcUrl}, named {@code name} (in thread and connection names).
     *
     * @throws ConfigurationException when the URL is not a JDBC URL, carries a password, or points at Supabase's
     *                                transaction pooler without {@code prepareThreshold} (the message never shows the URL)
     */
    public static Builder newBuilder(String name, String jdbcUrl) {
        return new Builder(name, jdbcUrl, "jdbc.url");
    }

    /**
     * The pool {@code settings}' connection keys ({@link SqlSettings#connectionKeys()}) describe.
     *
     * @throws ConfigurationException naming the key, for a bad value or a password that cannot be read
     */
    public static SqlPool from(ToolSettings settings) {
        return new Builder(settings.toolName(), settings.get(SqlSettings.JDBC_URL), settings.qualified(SqlSettings.JDBC_URL.name()))
                .user(settings.get(SqlSettings.USER))
                .password(settings.secret(SqlSettings.PASSWORD), settings.qualified(SqlSettings.PASSWORD.name()))
                .poolSize(settings.get(SqlSettings.POOL_SIZE))
                .connectionTimeout(Duration.ofMillis(settings.get(SqlSettings.CONNECTION_TIMEOUT_MS)))
                .build();
    }

    private HikariConfig config() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sql-" + name);
        config.setJdbcUrl(jdbcUrl);
        // HikariCP sends no password without a user name: with a password, an empty user is sent (the URL's user wins).
        String username = user.isEmpty() && !password.isPresent() ? null : user;
        config.setCredentialsProvider(() -> Credentials.of(username, password.reveal()));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000L));
        config.setInitializationFailTimeout(-1); // start while the database is down; calls and health say so
        config.setAutoCommit(true);
        config.setRegisterMbeans(false);
        if (isPostgres()) {
            config.addDataSourceProperty("stringtype", "unspecified");
            config.addDataSourceProperty("ApplicationName", "orchestrator/" + name);
            config.addDataSourceProperty("tcpKeepAlive", "true");
            // A statement that timed out waits for its cancel request to finish (so that the cancel cannot hit a later
            // statement); against a server that stopped answering, that wait is this long (the driver's default is 10 s).
            config.addDataSourceProperty("cancelSignalTimeout", "1");
        }
        return config;
    }

    /** The pooled data source; a connection taken must be closed (returned) by its taker. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /** Connections in the pool. */
    public int poolSize() {
        return poolSize;
    }

    /** How long getting a connection may take. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** The database user ({@code ""}: the driver's default). */
    public String user() {
        return user;
    }

    /** The password's reference, safe to show. */
    public String passwordReference() {
        return password.reference();
    }

    /** Whether the database is PostgreSQL ({@code jdbc:postgresql:}). */
    public boolean isPostgres() {
        return jdbcUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, 16);
    }

    /** Connections lent out now. */
    public int active() {
        var mx = dataSource.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    /** Threads waiting for a connection now. */
    public int waiting() {
        var mx = dataSource.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getThreadsAwaitingConnection();
    }

    /** Takes {@code connection} out of the pool (it points at a standby, say); it is closed when returned. */
    void evict(Connection connection) {
        dataSource.evictConnection(connection);
    }

    /**
     * Whether the database answers {@code SELECT 1} on a fresh connection with the pool's credentials, bounded by
     * the connection time-out plus two seconds; never fails, never blocks the caller, never uses a pooled connection
     * (so a saturated pool still reports a reachable database).
     */
    public CompletionStage<ToolHealth> checkHealth() {
        return HealthCheck.run(jdbcUrl, user, password, connectionTimeout, isPostgres());
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "SqlPool[" + name + ", " + poolSize + " connections, user " + (user.isEmpty() ? "(default)" : user)
                + ", password " + (password.isPresent() ? password.reference() : "(none)") + "]";
    }

    /** Builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String jdbcUrl;
        private String user = "";
        private Secret password = Secret.NONE;
        private String passwordKey = "password";
        private int poolSize = 8;
        private Duration connectionTimeout = Duration.ofSeconds(5);

        private Builder(String name, String jdbcUrl, String urlKey) {
            this.name = Objects.requireNonNull(name, "name");
            this.jdbcUrl = checkedUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl").trim(), urlKey);
        }

        /** The database user; {@code ""} (the default): the driver's default. */
        public Builder user(String value) {
            this.user = value == null ? "" : value;
            return this;
        }

        /** The password, by reference ({@link Secret#NONE}, the default: none). */
        public Builder password(Secret value) {
            return password(value, "password");
        }

        private Builder password(Secret value, String key) {
            this.password = Objects.requireNonNull(value, "password");
            this.passwordKey = key;
            return this;
        }

        /** @throws IllegalArgumentException when {@code value < 1} */
        public Builder poolSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1, was " + value);
            }
            this.poolSize = value;
            return this;
        }

        /** @throws IllegalArgumentException when {@code value} is under 250 ms (HikariCP's floor) */
        public Builder connectionTimeout(Duration value) {
            if (value.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be >= 250 ms, was " + value);
            }
            this.connectionTimeout = value;
            return this;
        }

        /**
         * The pool, its connections opening in the background.
         *
         * @throws ConfigurationException naming the password key (and its reference) when the secret cannot be read
         */
        public SqlPool build() {
            try {
                password.reveal(); // fail at start-up on a missing file or variable, not at the first call
            } catch (ConfigurationException e) {
                throw new ConfigurationException(passwordKey + ": " + e.getMessage());
            }
            return new SqlPool(this);
        }

        private static String checkedUrl(String url, String key) {
            if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
                throw new ConfigurationException(key + " must be a JDBC URL (jdbc:<driver>:...)");
            }
            if (PASSWORD_IN_URL.matcher(url).find()) {
                throw new ConfigurationException(key + " carries a password parameter: remove it and give the password by "
                        + "reference (file:/path or env:NAME) in the password key, so it never shows in settings or logs");
            }
            if (SUPABASE_TRANSACTION_POOLER.matcher(url).find() && !url.toLowerCase(Locale.ROOT).contains("preparethreshold=")) {
                throw new ConfigurationException(key + " points at Supabase's transaction pooler (port 6543), which does not "
                        + "support server-side prepared statements: add prepareThreshold=0 to the URL, or use the session "
                        + "pooler or the direct connection (port 5432)");
            }
            return url;
        }
    }
}
