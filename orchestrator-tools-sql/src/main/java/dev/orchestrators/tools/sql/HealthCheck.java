package dev.orchestrators.tools.sql;

import dev.orchestrators.core.config.Secret;
import dev.orchestrators.tools.ToolHealth;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code SELECT 1} on a fresh connection, on a few daemon threads of its own ({@code sql-health-<n>}, at most four
 * checks at once across every pool), bounded by the connection time-out plus two seconds. The verdict never
 * carries the password: an authentication failure is reported by its SQLSTATE and the secret's reference.
 */
final class HealthCheck {
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "sql-health-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private HealthCheck() {
    }

    static CompletionStage<ToolHealth> run(String jdbcUrl, String user, Secret password, Duration connectTimeout, boolean postgres) {
        long start = System.nanoTime();
        Duration bound = connectTimeout.plus(QUERY_TIMEOUT);
        CompletableFuture<ToolHealth> check;
        try {
            check = CompletableFuture.supplyAsync(() -> probe(jdbcUrl, user, password, connectTimeout, postgres, start), EXECUTOR);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(ToolHealth.down("not checked: four health checks are running already",
                    took(start)));
        }
        return check.completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS).handle((health, failure) -> {
            if (failure != null) {
                return ToolHealth.down(failure, took(start));
            }
            return health != null ? health : ToolHealth.down(TimeoutException.class.getSimpleName()
                    + ": no answer within " + bound.toMillis() + " ms", took(start));
        });
    }

    private static ToolHealth probe(String jdbcUrl, String user, Secret password, Duration connectTimeout, boolean postgres,
                                    long start) {
        Properties props = new Properties();
        if (!user.isEmpty() || password.isPresent()) {
            props.setProperty("user", user);
        }
        try {
            String secret = password.reveal();
            if (secret != null) {
                props.setProperty("password", secret);
            }
            if (postgres) {
                long seconds = Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
                props.setProperty("loginTimeout", Long.toString(seconds));
                props.setProperty("connectTimeout", Long.toString(seconds));
                props.setProperty("socketTimeout", Long.toString(seconds + QUERY_TIMEOUT.toSeconds()));
                props.setProperty("ApplicationName", "orchestrator/health");
            }
            Driver driver = DriverManager.getDriver(jdbcUrl);
            try (Connection c = driver.connect(jdbcUrl, props); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) QUERY_TIMEOUT.toSeconds());
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                DatabaseMetaData meta = c.getMetaData();
                return ToolHealth.up("SELECT 1 answered by " + meta.getDatabaseProductName() + " "
                        + meta.getDatabaseProductVersion(), took(start));
            }
        } catch (SQLException | RuntimeException e) {
            SqlFailures.Verdict verdict = SqlFailures.verdict(e);
            String state = e instanceof SQLException sql && sql.getSQLState() != null ? " (SQLSTATE " + sql.getSQLState() + ")" : "";
            String detail = verdict.type().equals(SqlFailures.AUTHENTICATION_FAILED)
                    ? SqlFailures.credentials(user, password.reference())
                    : String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", "; ");
            return ToolHealth.down(verdict.type() + state + ": " + detail, took(start));
        }
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
