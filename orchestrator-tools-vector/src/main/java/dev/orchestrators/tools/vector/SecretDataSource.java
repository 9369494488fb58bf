package dev.orchestrators.tools.vector;

import dev.orchestrators.core.config.Secret;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections through {@link DriverManager} whose password is read from its {@link Secret} for each new connection
 * (a rotated file is picked up by the next one) and never kept. With the PostgreSQL driver, connecting is bounded by
 * the time-out, and a socket read by twice the time-out plus a second, so a server that stopped answering (SIGSTOP,
 * a dropped network) cannot hold a thread for ever. Thread-safe.
 */
final class SecretDataSource implements DataSource {
    private final String url;
    private final String user;
    private final Secret password;
    private final Duration timeout;

    SecretDataSource(String url, String user, Secret password, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        String secret = password.reveal();
        if (secret != null) {
            properties.setProperty("password", secret);
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        properties.setProperty("socketTimeout", Long.toString(2 * seconds + 1));
        properties.setProperty("ApplicationName", "orchestrator-tools-vector");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the tool's settings");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** The URL and user; never the password. */
    @Override
    public String toString() {
        return "SecretDataSource[" + url + ", user " + user + ", password " + password + "]";
    }
}
