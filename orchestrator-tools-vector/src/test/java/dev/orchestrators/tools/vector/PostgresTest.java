package dev.orchestrators.tools.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.errors.PermanentException;
import dev.orchestrators.core.config.Secret;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.tools.ToolHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a real PostgreSQL: pgvector's extension check, the pgvector search where it exists, and a table as a source. */
class PostgresTest {
    private static LocalPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws SQLException {
        Assumptions.assumeTrue(LocalPostgres.unavailableReason().isEmpty(), () -> LocalPostgres.unavailableReason().orElseThrow());
        pg = LocalPostgres.startTemporary();
        sql("CREATE TABLE docs (id int PRIMARY KEY, body text, category text)",
                "INSERT INTO docs VALUES (1, 'rocket engines for small launchers', 'aerospace'), "
                        + "(2, 'sourdough bread and pastries', 'food'), (3, NULL, 'empty')");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, pg.password());
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static boolean pgvectorAvailable() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, pg.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static Map<String, String> pgvector(String... extra) {
        Map<String, String> values = new HashMap<>(Map.of("index", "pgvector", "jdbc.url", pg.jdbcUrl(), "user", LocalPostgres.USER,
                "password", "file:" + pg.passwordFile(), "table", "companies", "timeout.ms", "2000"));
        for (int i = 0; i < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return values;
    }

    @Test
    void shouldRefuseToStartNamingTheMissingVectorExtensionAndHowToInstallIt() throws SQLException {
        Assumptions.assumeFalse(pgvectorAvailable(), "this PostgreSQL has pgvector: the missing-extension error cannot happen");

        assertThatThrownBy(() -> Fixtures.tool("vectors", pgvector(), new SimpleMeterRegistry()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tool 'vectors': the PostgreSQL 15 server of database 'orchestrator' has no extension 'vector' (pgvector)")
                .hasMessageContaining("postgresql-15-pgvector")
                .hasMessageContaining("CREATE EXTENSION vector")
                .hasMessageNotContaining(pg.password());
    }

    @Test
    void shouldFailTheFirstSearchWithMissingExtensionWhenTheDatabaseWasDownAtStartUp() throws SQLException {
        Assumptions.assumeFalse(pgvectorAvailable(), "this PostgreSQL has pgvector: the missing-extension error cannot happen");
        // given a tool that started while the database was down
        pg.stop();
        VectorSearchTool tool;
        try {
            tool = Fixtures.tool("vectors", pgvector(), new SimpleMeterRegistry());
            ToolHealth down = tool.checkHealth().toCompletableFuture().join();
            assertThat(down.reachable()).isFalse();
            assertThat(down.detail()).startsWith("ConnectionLost: ").contains("Connection to 127.0.0.1:" + pg.port() + " refused").doesNotContain(pg.password());
        } finally {
            pg.restart();
        }

        // when the database is back and a search comes
        try (tool) {
            // then the search fails permanently, saying what to install
            assertThatThrownBy(() -> tool.invoke(Fixtures.query("vectors", "rocket engines")).toCompletableFuture().join())
                    .cause().isInstanceOf(PermanentException.class).hasMessageContaining("no extension 'vector'")
                    .satisfies(e -> assertThat(((PermanentException) e).type()).isEqualTo("MissingExtension"));
            assertThat(tool.checkHealth().toCompletableFuture().join().detail()).contains("no extension 'vector'");
        }
    }

    @Test
    void shouldSearchATableByCosineDistanceWhereTheExtensionExists() throws SQLException {
        Assumptions.assumeTrue(pgvectorAvailable(), "pgvector is not installed on this machine's PostgreSQL (Debian 12 does not "
                + "package it): install postgresql-15-pgvector from apt.postgresql.org to run this test");
        // given a table of companies with their embeddings
        sql("CREATE EXTENSION IF NOT EXISTS vector", "DROP TABLE IF EXISTS companies",
                "CREATE TABLE companies (domain text PRIMARY KEY, description text, embedding vector(384))");
        OnnxEmbedder model = OnnxEmbedder.minilm(false);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, pg.password());
             var insert = c.prepareStatement("INSERT INTO companies VALUES (?, ?, ?::vector)")) {
            for (String[] company : List.of(new String[]{"orbitalforge.example", "Builds rocket engines for launch vehicles."},
                    new String[]{"crumb.example", "A chain of bakeries."}, new String[]{"pawsitive.example", "Veterinary clinics."})) {
                insert.setString(1, company[0]);
                insert.setString(2, company[1]);
                insert.setString(3, Vectors.pgvectorLiteral(model.embed(List.of(company[1])).join().get(0)));
                insert.executeUpdate();
            }
        }

        // when
        try (VectorSearchTool tool = Fixtures.tool("vectors", pgvector(), new SimpleMeterRegistry())) {
            Map<String, Object> result = tool.invoke(Fixtures.call("vectors", Map.of("query", "rocket engines", "top_k", 2)))
                    .toCompletableFuture().join().fields();

            // then
            assertThat(Fixtures.field(result, "domain")).containsExactly("orbitalforge.example", "pawsitive.example");
            assertThat(Fixtures.field(result, "embedding")).containsOnlyNulls();
            assertThat(tool.checkHealth().toCompletableFuture().join().detail()).contains("pgvector", "table companies");
        }
    }

    @Test
    void shouldBuildTheLuceneIndexFromATableAndRebuildOnlyWhenItsRowsChange() throws IOException, SQLException {
        // given a table as the source, read with the password from its file
        SqlSource source = new SqlSource(new SecretDataSource(pg.jdbcUrl(), LocalPostgres.USER,
                Secret.parse("file:" + pg.passwordFile()), Duration.ofSeconds(5)), "SELECT id, body, category FROM docs ORDER BY id",
                "id", List.of("body"), Duration.ofSeconds(5));
        LuceneBuild.Options options = new LuceneBuild.Options("vectors", 4096, 32, 2);
        OnnxEmbedder model = OnnxEmbedder.minilm(false);
        try (LuceneIndex index = LuceneIndex.open(FSDirectory.open(dir), source, model, options)) {
            // then the rows with text are searchable, with every column
            List<VectorIndex.Hit> hits = index.search(model.embed(List.of("bakery")).join().get(0), 5);
            assertThat(hits).extracting(VectorIndex.Hit::fields)
                    .containsExactly(Map.of("id", 2, "body", "sourdough bread and pastries", "category", "food"),
                            Map.of("id", 1, "body", "rocket engines for small launchers", "category", "aerospace"));
            assertThat(index.refresh()).isFalse();

            // when a row changes
            sql("UPDATE docs SET body = 'dog food and pet toys' WHERE id = 3");

            // then the next refresh rebuilds
            assertThat(index.refresh()).isTrue();
            assertThat(index.search(model.embed(List.of("pets")).join().get(0), 1).get(0).fields()).containsEntry("id", 3);
        } finally {
            sql("UPDATE docs SET body = NULL WHERE id = 3");
        }
    }

    @Test
    void shouldStartATableBackedToolWithThePasswordFromItsFileAndRefuseAWrongOneWithoutShowingIt() throws IOException {
        // given
        Map<String, String> values = new HashMap<>(Map.of("source.sql", "SELECT id, body FROM docs ORDER BY id",
                "id.field", "id", "text.field", "body", "jdbc.url", pg.jdbcUrl(), "user", LocalPostgres.USER,
                "password", "file:" + pg.passwordFile()));

        // then
        try (VectorSearchTool tool = Fixtures.tool("vectors", values, new SimpleMeterRegistry())) {
            assertThat(Fixtures.field(tool.invoke(Fixtures.query("vectors", "rockets")).toCompletableFuture().join().fields(), "id"))
                    .first().isEqualTo(1);
            assertThat(tool.describe()).containsEntry("password", "file:" + pg.passwordFile());
            assertThat(tool.describe().toString()).doesNotContain(pg.password());
        }
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-the-password-123");
        values.put("password", "file:" + wrong);
        assertThatThrownBy(() -> Fixtures.tool("vectors", values, new SimpleMeterRegistry()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("SQLSTATE 28P01")
                .hasMessageNotContaining("not-the-password-123");
    }
}
