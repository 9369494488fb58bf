/**
 * SQL tools on any JDBC driver, PostgreSQL first, each on a HikariCP pool of its own and a bounded executor of the
 * same size, so a JDBC call never runs on (or blocks) the calling Kafka Streams thread:
 * <ul>
 *   <li>{@code sql-query} ({@link dev.orchestrators.tools.sql.SqlQueryTool}, READ): one query, named parameters bound
 *       from the call's arguments, rows as records;</li>
 *   <li>{@code sql-statement} ({@link dev.orchestrators.tools.sql.SqlStatementTool}, WRITE): one INSERT, UPDATE or
 *       DELETE, performed at most once per idempotency key (the statement and the key commit together);</li>
 *   <li>{@link dev.orchestrators.tools.sql.JdbcArchiveStore} and {@link dev.orchestrators.tools.sql.JdbcAuditStore}
 *       on a {@link dev.orchestrators.tools.sql.SqlPool}.</li>
 * </ul>
 *
 * <pre>{@code
 * tool.data_coordinator.type=sql-query
 * tool.data_coordinator.jdbc.url=jdbc:postgresql://db:5432/crm
 * tool.data_coordinator.user=crm_reader
 * tool.data_coordinator.password=file:/run/secrets/crm-reader
 * tool.data_coordinator.sql=SELECT lead_id, name, email, company_domain FROM leads WHERE lead_id = :lead_id
 *
 * tool.crm_write.type=sql-statement
 * tool.crm_write.jdbc.url=jdbc:postgresql://db:5432/crm
 * tool.crm_write.user=crm_writer
 * tool.crm_write.password=file:/run/secrets/crm-writer
 * tool.crm_write.sql=INSERT INTO crm_accounts (account_id, email, plan) VALUES (:account_id, :email, :plan) RETURNING id
 * }</pre>
 *
 * Failures are classified from their SQLSTATE ({@code SqlFailures}); the settings are in {@code docs/configuration.md}
 * and the behaviour in {@code docs/tools.md}.
 */
package dev.orchestrators.tools.sql;
