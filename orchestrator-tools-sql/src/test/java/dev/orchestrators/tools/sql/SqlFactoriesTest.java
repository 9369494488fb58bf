package dev.orchestrators.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.tool.Capability;
import dev.orchestrators.core.tool.ToolCall;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolDocs;
import dev.orchestrators.tools.ToolFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL tool types are found on the class path, configured by documented keys, and refuse bad settings at start-up. */
class SqlFactoriesTest {

    @Test
    void shouldBeFoundOnTheClassPathUnderTheirTypes() {
        assertThat(ConfiguredTools.factories()).extracting(ToolFactory::type).contains("sql-query", "sql-statement");
    }

    @Test
    void shouldMakeWorkingToolsFromFlatSettings() {
        // given the settings a worker reads
        LocalPostgres pg = TestDatabase.shared();
        TestDatabase.execute(pg, "CREATE TABLE IF NOT EXISTS c_leads (lead_id text PRIMARY KEY, email text)",
                "INSERT INTO c_leads VALUES ('L-1', 'ada@acme.example') ON CONFLICT DO NOTHING");
        Map<String, String> settings = new HashMap<>();
        settings.put("tool.data_coordinator.type", "sql-query");
        settings.put("tool.data_coordinator.jdbc.url", pg.jdbcUrl());
        settings.put("tool.data_coordinator.user", LocalPostgres.USER);
        settings.put("tool.data_coordinator.password", "file:" + pg.passwordFile());
        settings.put("tool.data_coordinator.pool.size", "2");
        settings.put("tool.data_coordinator.sql", "SELECT lead_id, email FROM c_leads WHERE lead_id = :lead_id");
        settings.put("tool.crm_write.type", "sql-statement");
        settings.put("tool.crm_write.jdbc.url", pg.jdbcUrl());
        settings.put("tool.crm_write.user", LocalPostgres.USER);
        settings.put("tool.crm_write.password", "file:" + pg.passwordFile());
        settings.put("tool.crm_write.pool.size", "1");
        settings.put("tool.crm_write.sql", "INSERT INTO c_leads VALUES (:lead_id, :email) ON CONFLICT DO NOTHING");

        // when
        try (ConfiguredTools tools = ConfiguredTools.from(settings)) {

            // then
            assertThat(tools.names()).containsExactlyInAnyOrder("data_coordinator", "crm_write");
            assertThat(tools.adapters().get("crm_write").capability()).isEqualTo(Capability.WRITE);
            Object records = tools.find("data_coordinator").orElseThrow()
                    .invoke(new ToolCall("run-1", "lead_sync", "fetch_lead", "data_coordinator", 1, Map.of("lead_id", "L-1")))
                    .toCompletableFuture().join().field("records");
            assertThat(records).isEqualTo(List.of(Map.of("lead_id", "L-1", "email", "ada@acme.example")));
        }
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingIt() {
        Map<String, String> settings = Map.of("tool.q.type", "sql-query", "tool.q.jdbc.url", "jdbc:postgresql://db/x",
                "tool.q.sql", "SELECT 1", "tool.q.max_rows", "5");

        assertThatThrownBy(() -> ConfiguredTools.from(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.q.max_rows");
    }

    @Test
    void shouldRefuseAMissingSqlOrUrlNamingTheKey() {
        assertThatThrownBy(() -> ConfiguredTools.from(Map.of("tool.q.type", "sql-query", "tool.q.jdbc.url", "jdbc:postgresql://db/x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.q.sql is required");
        assertThatThrownBy(() -> ConfiguredTools.from(Map.of("tool.q.type", "sql-query", "tool.q.sql", "SELECT 1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("tool.q.jdbc.url is required");
    }

    @Test
    void shouldRefuseABadIdempotencyTableName() {
        Map<String, String> settings = Map.of("tool.w.type", "sql-statement", "tool.w.jdbc.url", "jdbc:postgresql://db/x",
                "tool.w.sql", "DELETE FROM t", "tool.w.idempotency.table", "t; DROP TABLE x");

        assertThatThrownBy(() -> ConfiguredTools.from(settings)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool.w.idempotency.table");
    }

    @Test
    void shouldRefuseSupabasesTransactionPoolerWithoutPrepareThresholdAndAcceptItWith() {
        String pooler = "jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require";

        assertThatThrownBy(() -> SqlPool.newBuilder("x", pooler)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prepareThreshold=0");
        assertThat(SqlPool.newBuilder("x", pooler + "&prepareThreshold=0")).isNotNull();
        assertThat(SqlPool.newBuilder("x", "jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require"))
                .isNotNull();
    }

    @Test
    void shouldDocumentEveryKeyOfBothTypes() {
        String docs = ToolDocs.markdown(List.of(new SqlQueryFactory(), new SqlStatementFactory()));

        assertThat(docs).contains("`tool.<name>.type=sql-query`", "`tool.<name>.type=sql-statement`", "`tool.<name>.jdbc.url`",
                "`tool.<name>.password`", "`tool.<name>.max.rows`", "`tool.<name>.idempotency.table`",
                "`tool.<name>.idempotency.create.table`", "`tool.<name>.timeout.ms`", "`tool.<name>.queue.size`");
    }
}
