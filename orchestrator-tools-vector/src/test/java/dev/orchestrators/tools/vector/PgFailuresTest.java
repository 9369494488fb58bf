package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.errors.FailureClass;
import dev.orchestrators.core.errors.OrchestratorException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Each row of the pgvector failure table, one claim per test. */
class PgFailuresTest {

    private static OrchestratorException state(String sqlState) {
        return PgFailures.classify("vectors", new SQLException("server said no", sqlState));
    }

    private static void assertClass(OrchestratorException e, FailureClass expected, String type) {
        assertThat(e.failureClass()).isEqualTo(expected);
        assertThat(e.type()).isEqualTo(type);
    }

    @Test
    void aConnectionExceptionIsTransient() {
        assertClass(state("08006"), FailureClass.TRANSIENT, "ConnectionLost");
        assertClass(state("08001"), FailureClass.TRANSIENT, "ConnectionLost");
    }

    @Test
    void aStatementCancelledByItsTimeoutIsTransient() {
        assertClass(state("57014"), FailureClass.TRANSIENT, "Timeout");
    }

    @Test
    void aServerShuttingDownOrStartingIsTransient() {
        assertClass(state("57P01"), FailureClass.TRANSIENT, "Unavailable");
        assertClass(state("57P02"), FailureClass.TRANSIENT, "Unavailable");
        assertClass(state("57P03"), FailureClass.TRANSIENT, "Unavailable");
    }

    @Test
    void tooManyConnectionsIsTransient() {
        assertClass(state("53300"), FailureClass.TRANSIENT, "TooManyConnections");
    }

    @Test
    void otherInsufficientResourcesAreTransient() {
        assertClass(state("53200"), FailureClass.TRANSIENT, "InsufficientResources");
    }

    @Test
    void aSerializationFailureOrDeadlockIsTransient() {
        assertClass(state("40001"), FailureClass.TRANSIENT, "SerializationFailure");
        assertClass(state("40P01"), FailureClass.TRANSIENT, "SerializationFailure");
    }

    @Test
    void aMissingOperatorOrTypeMeansTheExtensionIsGoneAndIsPermanent() {
        assertClass(state("42883"), FailureClass.PERMANENT, "MissingExtension");
        assertClass(state("42704"), FailureClass.PERMANENT, "MissingExtension");
        assertThat(state("42883")).hasMessageContaining("CREATE EXTENSION vector");
    }

    @Test
    void aMissingTableOrColumnIsPermanent() {
        assertClass(state("42P01"), FailureClass.PERMANENT, "UndefinedObject");
        assertClass(state("42703"), FailureClass.PERMANENT, "UndefinedObject");
    }

    @Test
    void aMissingPrivilegeIsPermanent() {
        assertClass(state("42501"), FailureClass.PERMANENT, "PermissionDenied");
    }

    @Test
    void aFailedAuthenticationIsPermanent() {
        assertClass(state("28P01"), FailureClass.PERMANENT, "AuthenticationFailed");
    }

    @Test
    void aDataExceptionSuchAsVectorsOfDifferentDimensionsIsPermanent() {
        assertClass(state("22000"), FailureClass.PERMANENT, "DataError");
    }

    @Test
    void noConnectionFromThePoolWithoutASqlStateIsTransient() {
        assertClass(PgFailures.classify("vectors", new SQLTransientConnectionException("Connection is not available")),
                FailureClass.TRANSIENT, "ConnectionUnavailable");
    }

    @Test
    void anythingElseIsPermanent() {
        assertClass(state("XX000"), FailureClass.PERMANENT, "SqlError");
        assertClass(state(null), FailureClass.PERMANENT, "SqlError");
    }

    @Test
    void theMessageCarriesTheSqlStateAndTheCausesMessage() {
        SQLException e = new SQLException("Connection is not available", "08001", new SQLException("Connection to 127.0.0.1:5432 refused"));

        assertThat(PgFailures.classify("vectors", e)).hasMessage("tool 'vectors': pgvector query failed (SQLSTATE 08001): "
                + "Connection is not available (Connection to 127.0.0.1:5432 refused)");
    }
}
