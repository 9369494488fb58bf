package dev.orchestrators.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.errors.SaturatedException;
import dev.orchestrators.core.errors.TransientException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each row of SqlFailures' table, from an SQLException carrying the SQLSTATE, as the driver raises it. */
class SqlFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} is {1} {2}")
    @CsvSource({
            "08001, TRANSIENT, CannotConnect",
            "08004, TRANSIENT, CannotConnect",
            "08006, TRANSIENT, ConnectionLost",
            "08003, TRANSIENT, ConnectionLost",
            "08P01, TRANSIENT, ConnectionLost",
            "40001, TRANSIENT, SerializationFailure",
            "40P01, TRANSIENT, Deadlock",
            "40002, PERMANENT, ConstraintViolation",
            "40003, TRANSIENT, TransactionRollback",
            "53300, TRANSIENT, TooManyConnections",
            "53100, TRANSIENT, InsufficientResources",
            "53200, TRANSIENT, InsufficientResources",
            "57014, TRANSIENT, StatementTimeout",
            "57P01, TRANSIENT, ServerShutdown",
            "57P02, TRANSIENT, ServerShutdown",
            "57P03, TRANSIENT, ServerUnavailable",
            "57P04, PERMANENT, DatabaseDropped",
            "57P05, TRANSIENT, OperatorIntervention",
            "55P03, TRANSIENT, LockNotAvailable",
            "55006, TRANSIENT, LockNotAvailable",
            "58030, TRANSIENT, SystemError",
            "25006, TRANSIENT, ReadOnlyTransaction",
            "25P03, TRANSIENT, TransactionTimeout",
            "25P04, TRANSIENT, TransactionTimeout",
            "25P02, PERMANENT, InvalidTransactionState",
            "25001, PERMANENT, InvalidTransactionState",
            "22021, PERMANENT, DataError",
            "22P02, PERMANENT, DataError",
            "22003, PERMANENT, DataError",
            "23505, PERMANENT, ConstraintViolation",
            "23503, PERMANENT, ConstraintViolation",
            "23502, PERMANENT, ConstraintViolation",
            "44000, PERMANENT, ConstraintViolation",
            "42601, PERMANENT, SyntaxError",
            "42501, PERMANENT, InsufficientPrivilege",
            "42P01, PERMANENT, UndefinedObject",
            "42703, PERMANENT, UndefinedObject",
            "42883, PERMANENT, UndefinedObject",
            "42P05, PERMANENT, PreparedStatementConflict",
            "26000, PERMANENT, PreparedStatementConflict",
            "42804, PERMANENT, InvalidStatement",
            "0A000, PERMANENT, FeatureNotSupported",
            "28P01, PERMANENT, AuthenticationFailed",
            "28000, PERMANENT, AuthenticationFailed",
            "3D000, PERMANENT, UndefinedObject",
            "3F000, PERMANENT, UndefinedObject",
            "21000, PERMANENT, StatementFailed",
            "54000, PERMANENT, StatementFailed",
            "P0001, PERMANENT, StatementFailed",
            "XX000, TRANSIENT, Unclassified",
            "HV000, TRANSIENT, Unclassified",
    })
    void shouldClassifyTheSqlStateAsItsTableRowSays(String sqlState, FailureClass expectedClass, String expectedType) {
        // given a driver failure carrying the SQLSTATE
        SQLException failure = new SQLException("ERROR: something", sqlState);

        // when
        OrchestratorException classified = SqlFailures.classify("tool 't'", "check the credentials", failure);

        // then
        assertThat(classified.failureClass()).isEqualTo(expectedClass);
        assertThat(classified.type()).isEqualTo(expectedType);
        assertThat(classified.getMessage()).startsWith("tool 't': " + expectedType + " (SQLSTATE " + sqlState + ")");
        assertThat(classified.getCause()).isSameAs(failure);
    }

    @Test
    void shouldTreatThePoolsConnectionTimeoutWithoutAStateAsATransientPoolTimeout() {
        OrchestratorException classified = SqlFailures.classify("tool 't'", "",
                new SQLTransientConnectionException("sql-t - Connection is not available, request timed out after 250ms"));

        assertThat(classified).isInstanceOf(TransientException.class);
        assertThat(classified.type()).isEqualTo("PoolTimeout");
    }

    @Test
    void shouldClassifyThePoolsTimeoutByTheStateOfTheConnectFailureBehindIt() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused", "08001");
        SQLTransientConnectionException timeout = new SQLTransientConnectionException("request timed out", null, refused);

        assertThat(SqlFailures.classify("tool 't'", "", timeout).type()).isEqualTo("CannotConnect");
    }

    @Test
    void shouldTellAnAuthenticationFailureWithoutTheDriversTextSoNoPasswordCanLeak() {
        SQLException failure = new SQLException("FATAL: password authentication failed (password s3cret)", "28P01");

        OrchestratorException classified = SqlFailures.classify("tool 't'", SqlFailures.credentials("crm", "file:/run/pw"), failure);

        assertThat(classified).isInstanceOf(PermanentException.class);
        assertThat(classified.getMessage()).doesNotContain("s3cret").contains("user 'crm'", "file:/run/pw");
    }

    @Test
    void shouldTreatAStatementTimeoutWithoutAStateAsTransient() {
        assertThat(SqlFailures.classify("tool 't'", "", new SQLTimeoutException("timed out")).type()).isEqualTo("StatementTimeout");
    }

    @Test
    void shouldTreatASocketFailureWithoutAnSqlExceptionAsALostConnection() {
        OrchestratorException classified = SqlFailures.classify("tool 't'", "", new RuntimeException(new SocketTimeoutException("Read timed out")));

        assertThat(classified.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(classified.type()).isEqualTo("ConnectionLost");
    }

    @Test
    void shouldTreatAFailureWithoutAStateAsTransientUnclassified() {
        assertThat(SqlFailures.classify("tool 't'", "", new SQLException("odd")).type()).isEqualTo("Unclassified");
        assertThat(SqlFailures.classify("tool 't'", "", new IllegalStateException("odd")).failureClass()).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void shouldPassAnOrchestratorFailureThroughUnchangedAndUnwrapCompletionWrappers() {
        SaturatedException saturated = new SaturatedException("full");

        assertThat(SqlFailures.classify("tool 't'", "", new CompletionException(saturated))).isSameAs(saturated);
    }

    @Test
    void shouldHintAtPrepareThresholdWhenATransactionPoolerLosesPreparedStatements() {
        SQLException failure = new SQLException("ERROR: prepared statement \"S_1\" already exists", "42P05");

        assertThat(SqlFailures.classify("tool 't'", "", failure).getMessage()).contains("prepareThreshold=0");
    }

    @Test
    void shouldKeepTheMessageOnOneLine() {
        SQLException failure = new SQLException("ERROR: duplicate key\n  Detail: Key (email)=(a) already exists.", "23505");

        assertThat(SqlFailures.classify("tool 't'", "", failure).getMessage()).doesNotContain("\n")
                .endsWith("ERROR: duplicate key; Detail: Key (email)=(a) already exists.");
    }
}
