package dev.orchestrators.tools.vector;

import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * What a failure of the pgvector query means to the caller, from the SQLSTATE PostgreSQL answered (PostgreSQL manual,
 * appendix A):
 *
 * <table>
 *   <caption>pgvector failures</caption>
 *   <tr><th>SQLSTATE</th><th>class</th><th>type</th></tr>
 *   <tr><td>08xxx (connection exception)</td><td>transient</td><td>{@code ConnectionLost}</td></tr>
 *   <tr><td>57014 (query_canceled: the statement time-out)</td><td>transient</td><td>{@code Timeout}</td></tr>
 *   <tr><td>57P01, 57P02, 57P03 (admin/crash shutdown, cannot connect now)</td><td>transient</td><td>{@code Unavailable}</td></tr>
 *   <tr><td>53300 (too_many_connections)</td><td>transient</td><td>{@code TooManyConnections}</td></tr>
 *   <tr><td>other 53xxx (insufficient resources)</td><td>transient</td><td>{@code InsufficientResources}</td></tr>
 *   <tr><td>40001, 40P01 (serialization failure, deadlock)</td><td>transient</td><td>{@code SerializationFailure}</td></tr>
 *   <tr><td>42883, 42704 (no {@code <=>} operator, no type {@code vector}: the extension is gone)</td><td>permanent</td><td>{@code MissingExtension}</td></tr>
 *   <tr><td>42P01, 42703 (no such table, no such column)</td><td>permanent</td><td>{@code UndefinedObject}</td></tr>
 *   <tr><td>42501 (insufficient_privilege)</td><td>permanent</td><td>{@code PermissionDenied}</td></tr>
 *   <tr><td>28xxx (invalid authorization, e.g. a wrong password)</td><td>permanent</td><td>{@code AuthenticationFailed}</td></tr>
 *   <tr><td>22xxx (data exception, e.g. vectors of different dimensions)</td><td>permanent</td><td>{@code DataError}</td></tr>
 *   <tr><td>no SQLSTATE, from the pool: no connection within the time-out</td><td>transient</td><td>{@code ConnectionUnavailable}</td></tr>
 *   <tr><td>anything else</td><td>permanent</td><td>{@code SqlError}</td></tr>
 * </table>
 * Messages carry the SQLSTATE and the server's message, never a password. Stateless.
 */
final class PgFailures {
    private PgFailures() {
    }

    /** The failure {@code e} means. */
    static OrchestratorException classify(String tool, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Throwable cause = e.getCause();
        String message = "tool '" + tool + "': pgvector query failed" + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")")
                + ": " + e.getMessage() + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
        if (state.startsWith("08")) {
            return new TransientException("ConnectionLost", message, e);
        }
        switch (state) {
            case "57014":
                return new TransientException("Timeout", message, e);
            case "57P01", "57P02", "57P03":
                return new TransientException("Unavailable", message, e);
            case "53300":
                return new TransientException("TooManyConnections", message, e);
            case "40001", "40P01":
                return new TransientException("SerializationFailure", message, e);
            case "42883", "42704":
                return new PermanentException("MissingExtension", message + "; " + PgVectorIndex.installHint("<major>"), e);
            case "42P01", "42703":
                return new PermanentException("UndefinedObject", message, e);
            case "42501":
                return new PermanentException("PermissionDenied", message, e);
            default:
                break;
        }
        if (state.startsWith("53")) {
            return new TransientException("InsufficientResources", message, e);
        }
        if (state.startsWith("28")) {
            return new PermanentException("AuthenticationFailed", message, e);
        }
        if (state.startsWith("22")) {
            return new PermanentException("DataError", message, e);
        }
        if (state.isEmpty() && e instanceof SQLTransientConnectionException) {
            return new TransientException("ConnectionUnavailable", message, e);
        }
        return new PermanentException("SqlError", message, e);
    }
}
