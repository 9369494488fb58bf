package dev.orchestrators.tools.sql;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.TransientException;
import dev.orchestrators.tools.AdapterMeters;
import dev.orchestrators.tools.BlockingCalls;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What both SQL tools do around their statement: run it on a {@link BlockingCalls} thread (as many as the pool
 * has connections, so a call never waits for a connection another call of this tool holds), on a pooled
 * connection whose socket reads are bounded by the statement time-out plus {@value #NETWORK_GRACE_MS} ms (a
 * server that stopped answering is given up even when the cancel cannot reach it), and turn its outcome into
 * meters and a classified failure ({@link SqlFailures}). Thread-safe.
 */
final class SqlCalls implements AutoCloseable {
    /** Calls taken at once before one is refused as saturated: the pool's threads and their queue. */
    int capacity() {
        return calls.capacity();
    }

    /** How much longer than the statement time-out a socket read may block before the connection is given up. */
    static final int NETWORK_GRACE_MS = 1_000;

    /** The work of one call, on a connection it must not close. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs on the call's thread with its connection in hand, before the work (tests record the thread's name). */
    @FunctionalInterface
    interface Probe {
        Probe NONE = () -> { };

        void inCall();
    }

    private final String tool;
    private final SqlPool pool;
    private final BlockingCalls calls;
    private final AdapterMeters meters;
    private final long timeoutMs;
    private final Probe probe;
    private volatile boolean closed;

    SqlCalls(String tool, SqlPool pool, int queueSize, long timeoutMs, AdapterMeters meters, Probe probe) {
        this.tool = tool;
        this.pool = pool;
        this.meters = meters;
        this.timeoutMs = timeoutMs;
        this.probe = probe;
        this.calls = new BlockingCalls(tool, pool.poolSize(), queueSize < 0 ? pool.poolSize() : queueSize, meters);
    }

    /**
     * Starts {@code work} on a thread of its own with a pooled connection; the stage fails with a
     * {@link SaturatedException} at once when every thread is busy and the queue is full, with a
     * {@code ToolClosed} transient failure after {@link #close()}, and otherwise with the classified failure.
     */
    <T> CompletableFuture<T> run(Work<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransientException("ToolClosed", "tool '" + tool + "' is closed", null));
        }
        long[] start = new long[1];
        return calls.submit(() -> {
            start[0] = meters.start();
            return withConnection(work);
        }).handle((result, failure) -> {
            if (failure == null) {
                meters.record(start[0], null);
                return result;
            }
            Throwable cause = SqlFailures.unwrap(failure);
            if (cause instanceof SaturatedException) {
                throw new CompletionException(cause); // never reached the database: the saturation counter has it
            }
            OrchestratorException classified = SqlFailures.classify("tool '" + tool + "'",
                    SqlFailures.credentials(pool.user(), pool.passwordReference()), cause);
            meters.record(start[0], classified);
            throw new CompletionException(classified);
        });
    }

    private <T> T withConnection(Work<T> work) throws SQLException {
        try (Connection connection = pool.dataSource().getConnection()) {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeoutMs + NETWORK_GRACE_MS));
            probe.inCall();
            try {
                return work.run(connection);
            } catch (SQLException e) {
                if (SqlFailures.READ_ONLY_TRANSACTION.equals(SqlFailures.verdict(e).type())) {
                    pool.evict(connection); // a standby after a fail-over: the next call takes a fresh connection
                }
                throw e;
            }
        }
    }

    /** A prepared statement on {@code connection} that the driver cancels after the statement time-out. */
    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (statement.isWrapperFor(org.postgresql.jdbc.PgStatement.class)) {
                statement.unwrap(org.postgresql.jdbc.PgStatement.class).setQueryTimeoutMs(timeoutMs);
            } else {
                statement.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    /** The tool's name. */
    String tool() {
        return tool;
    }

    /** The pool its calls run on. */
    SqlPool pool() {
        return pool;
    }

    /** Refuses new calls, lets running ones finish (up to 5 s), then closes the pool. */
    @Override
    public void close() {
        closed = true;
        try {
            calls.close();
        } finally {
            pool.close();
        }
    }
}
