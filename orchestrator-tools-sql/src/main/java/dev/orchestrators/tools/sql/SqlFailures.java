package dev.orchestrators.tools.sql;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.TransientException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a JDBC failure means to the caller, from its SQLSTATE (PostgreSQL's appendix "Error Codes"; most are the
 * SQL standard's) and, where there is none, the exception's type:
 *
 * <table>
 *   <caption>SQLSTATE to failure class and type</caption>
 *   <tr><th>signal</th><th>class</th><th>type</th></tr>
 *   <tr><td>08001, 08004 (cannot connect, rejected)</td><td>transient</td><td>CannotConnect</td></tr>
 *   <tr><td>other 08 (connection exception)</td><td>transient</td><td>ConnectionLost</td></tr>
 *   <tr><td>40001</td><td>transient</td><td>SerializationFailure</td></tr>
 *   <tr><td>40P01</td><td>transient</td><td>Deadlock</td></tr>
 *   <tr><td>40002 (a deferred constraint failed at commit)</td><td>permanent</td><td>ConstraintViolation</td></tr>
 *   <tr><td>other 40 (transaction rollback)</td><td>transient</td><td>TransactionRollback</td></tr>
 *   <tr><td>53300</td><td>transient</td><td>TooManyConnections</td></tr>
 *   <tr><td>other 53 (disk full, out of memory)</td><td>transient</td><td>InsufficientResources</td></tr>
 *   <tr><td>57014 (statement time-out, cancel)</td><td>transient</td><td>StatementTimeout</td></tr>
 *   <tr><td>57P01, 57P02 (admin, crash shutdown)</td><td>transient</td><td>ServerShutdown</td></tr>
 *   <tr><td>57P03 (cannot connect now: starting, recovering)</td><td>transient</td><td>ServerUnavailable</td></tr>
 *   <tr><td>57P04 (database dropped)</td><td>permanent</td><td>DatabaseDropped</td></tr>
 *   <tr><td>other 57 (operator intervention)</td><td>transient</td><td>OperatorIntervention</td></tr>
 *   <tr><td>55P03, 55006 (lock not available, object in use)</td><td>transient</td><td>LockNotAvailable</td></tr>
 *   <tr><td>58 (system error, I/O error)</td><td>transient</td><td>SystemError</td></tr>
 *   <tr><td>25006 (read-only transaction: a standby after a fail-over)</td><td>transient</td><td>ReadOnlyTransaction</td></tr>
 *   <tr><td>25P03, 25P04 (idle-in-transaction, transaction time-out)</td><td>transient</td><td>TransactionTimeout</td></tr>
 *   <tr><td>other 25 (invalid transaction state: a bug, not weather)</td><td>permanent</td><td>InvalidTransactionState</td></tr>
 *   <tr><td>22 (data exception: bad value, NUL byte, out of range)</td><td>permanent</td><td>DataError</td></tr>
 *   <tr><td>23 (integrity constraint), 44 (check option)</td><td>permanent</td><td>ConstraintViolation</td></tr>
 *   <tr><td>42601</td><td>permanent</td><td>SyntaxError</td></tr>
 *   <tr><td>42501</td><td>permanent</td><td>InsufficientPrivilege</td></tr>
 *   <tr><td>42P01, 42703, 42704, 42883, 42P02 (undefined table, column, object, function, parameter)</td><td>permanent</td><td>UndefinedObject</td></tr>
 *   <tr><td>42P05, 26000 (prepared statement exists / does not: a transaction-mode pooler)</td><td>permanent</td><td>PreparedStatementConflict</td></tr>
 *   <tr><td>other 42 (syntax error or access rule violation)</td><td>permanent</td><td>InvalidStatement</td></tr>
 *   <tr><td>0A (feature not supported)</td><td>permanent</td><td>FeatureNotSupported</td></tr>
 *   <tr><td>28 (invalid authorization: wrong password, no such user)</td><td>permanent</td><td>AuthenticationFailed</td></tr>
 *   <tr><td>3D000, 3F000 (no such database, schema)</td><td>permanent</td><td>UndefinedObject</td></tr>
 *   <tr><td>21, 2B, 2F, 38, 39, 54, P0 (cardinality, dependents, routines, limits, PL/pgSQL raise)</td><td>permanent</td><td>StatementFailed</td></tr>
 *   <tr><td>no SQLSTATE, {@link SQLTransientConnectionException} (the pool's connection time-out)</td><td>transient</td><td>PoolTimeout</td></tr>
 *   <tr><td>no SQLSTATE, {@link SQLTimeoutException}</td><td>transient</td><td>StatementTimeout</td></tr>
 *   <tr><td>{@link IOException} without an {@link SQLException}</td><td>transient</td><td>ConnectionLost</td></tr>
 *   <tr><td>anything else (XX internal error, an unknown code)</td><td>transient</td><td>Unclassified</td></tr>
 * </table>
 *
 * <p>The pool's time-out carries the SQLSTATE of the last failure to connect, when there was one, so a wrong
 * password behind the pool is still {@code AuthenticationFailed}. An {@code AuthenticationFailed} message names
 * the user and the secret's reference, never the driver's text: no password can reach it. Stateless.
 */
final class SqlFailures {

    /** A classification: the failure class and its stable type. */
    record Verdict(FailureClass failureClass, String type) {
        static Verdict transientAs(String type) {
            return new Verdict(FailureClass.TRANSIENT, type);
        }

        static Verdict permanentAs(String type) {
            return new Verdict(FailureClass.PERMANENT, type);
        }
    }

    static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
    static final String READ_ONLY_TRANSACTION = "ReadOnlyTransaction";

    private SqlFailures() {
    }

    /** The verdict for {@code sqlState} ({@code null}: none). */
    static Verdict verdict(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return Verdict.transientAs("Unclassified");
        }
        String state = sqlState.toUpperCase(java.util.Locale.ROOT);
        return switch (state.substring(0, 2)) {
            case "08" -> state.equals("08001") || state.equals("08004") ? Verdict.transientAs("CannotConnect")
                    : Verdict.transientAs("ConnectionLost");
            case "40" -> rollback(state);
            case "53" -> Verdict.transientAs(state.equals("53300") ? "TooManyConnections" : "InsufficientResources");
            case "57" -> operatorIntervention(state);
            case "55" -> state.equals("55P03") || state.equals("55006") ? Verdict.transientAs("LockNotAvailable")
                    : Verdict.transientAs("Unclassified");
            case "58" -> Verdict.transientAs("SystemError");
            case "25" -> transactionState(state);
            case "22" -> Verdict.permanentAs("DataError");
            case "23", "44" -> Verdict.permanentAs("ConstraintViolation");
            case "42" -> syntaxOrAccess(state);
            case "26" -> Verdict.permanentAs("PreparedStatementConflict");
            case "0A" -> Verdict.permanentAs("FeatureNotSupported");
            case "28" -> Verdict.permanentAs(AUTHENTICATION_FAILED);
            case "3D", "3F" -> Verdict.permanentAs("UndefinedObject");
            case "21", "2B", "2F", "38", "39", "54", "P0" -> Verdict.permanentAs("StatementFailed");
            default -> Verdict.transientAs("Unclassified");
        };
    }

    private static Verdict rollback(String state) {
        return switch (state) {
            case "40001" -> Verdict.transientAs("SerializationFailure");
            case "40P01" -> Verdict.transientAs("Deadlock");
            case "40002" -> Verdict.permanentAs("ConstraintViolation");
            default -> Verdict.transientAs("TransactionRollback");
        };
    }

    private static Verdict operatorIntervention(String state) {
        return switch (state) {
            case "57014" -> Verdict.transientAs("StatementTimeout");
            case "57P01", "57P02" -> Verdict.transientAs("ServerShutdown");
            case "57P03" -> Verdict.transientAs("ServerUnavailable");
            case "57P04" -> Verdict.permanentAs("DatabaseDropped");
            default -> Verdict.transientAs("OperatorIntervention");
        };
    }

    private static Verdict transactionState(String state) {
        return switch (state) {
            case "25006" -> Verdict.transientAs(READ_ONLY_TRANSACTION);
            case "25P03", "25P04" -> Verdict.transientAs("TransactionTimeout");
            default -> Verdict.permanentAs("InvalidTransactionState");
        };
    }

    private static Verdict syntaxOrAccess(String state) {
        return switch (state) {
            case "42601" -> Verdict.permanentAs("SyntaxError");
            case "42501" -> Verdict.permanentAs("InsufficientPrivilege");
            case "42P01", "42703", "42704", "42883", "42P02" -> Verdict.permanentAs("UndefinedObject");
            case "42P05" -> Verdict.permanentAs("PreparedStatementConflict");
            default -> Verdict.permanentAs("InvalidStatement");
        };
    }

    /** The verdict for {@code failure}: its SQLSTATE when it has one, else its type. */
    static Verdict verdict(Throwable failure) {
        SQLException sql = sqlException(failure);
        if (sql == null) {
            return hasCause(failure, IOException.class) ? Verdict.transientAs("ConnectionLost") : Verdict.transientAs("Unclassified");
        }
        String state = stateOf(sql);
        if (state == null && sql instanceof SQLTransientConnectionException) {
            return Verdict.transientAs("PoolTimeout");
        }
        if (state == null && sql instanceof SQLTimeoutException) {
            return Verdict.transientAs("StatementTimeout");
        }
        if (state == null && hasCause(sql, IOException.class)) {
            return Verdict.transientAs("ConnectionLost");
        }
        return verdict(state);
    }

    /**
     * {@code failure} as the orchestrator exception a caller acts on: an {@link OrchestratorException} as it is,
     * anything else classified by {@link #verdict(Throwable)}, with a one-line message naming the subject, the type
     * and the SQLSTATE, and the original failure as the cause.
     *
     * @param subject what failed, for the message: {@code tool 'crm_write'}
     * @param credentials what to check on an authentication failure, instead of the driver's text: the user and
     *                    the password's reference, never the password
     */
    static OrchestratorException classify(String subject, String credentials, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof OrchestratorException known) {
            return known;
        }
        Verdict verdict = verdict(cause);
        SQLException sql = sqlException(cause);
        String state = sql == null ? null : stateOf(sql);
        String message = subject + ": " + verdict.type() + (state == null ? "" : " (SQLSTATE " + state + ")") + ": "
                + describe(verdict, credentials, cause);
        return verdict.failureClass() == FailureClass.PERMANENT ? new PermanentException(verdict.type(), message, cause)
                : new TransientException(verdict.type(), message, cause);
    }

    /** What to check on an authentication failure of {@code user} with the password {@code secretReference}. */
    static String credentials(String user, String secretReference) {
        return "the database refused user '" + user + "'; check the user and the password the secret "
                + (secretReference.isEmpty() ? "(none configured)" : secretReference) + " holds";
    }

    private static String describe(Verdict verdict, String credentials, Throwable cause) {
        if (verdict.type().equals(AUTHENTICATION_FAILED)) {
            return credentials;
        }
        String text = oneLine(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        if (verdict.type().equals("PreparedStatementConflict")) {
            text += " (behind a transaction-mode pooler such as Supabase's port 6543, add prepareThreshold=0 to the JDBC URL)";
        }
        return text;
    }

    /** Without completion wrappers. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The first {@link SQLException} in the cause chain. */
    static SQLException sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The SQLSTATE of {@code sql}, or of the first SQLException it wraps that has one. */
    private static String stateOf(SQLException sql) {
        for (Throwable t = sql; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null && !e.getSQLState().isBlank()) {
                return e.getSQLState();
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", "; ").trim();
    }
}
