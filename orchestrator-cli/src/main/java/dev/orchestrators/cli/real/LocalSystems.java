package dev.orchestrators.cli.real;

import dev.orchestrators.localservers.LocalCompanyApi;
import dev.orchestrators.localservers.LocalPostgres;
import dev.orchestrators.localservers.LocalS3;
import dev.orchestrators.localservers.LocalSmtp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The real systems the reference flows use in real mode, started on this machine: a PostgreSQL server (from the
 * machine's binaries) with the flows' tables and sample data ({@code samples/real-tools-schema.sql}), an SMTP server
 * (GreenMail), the local company API over HTTP, an S3 server (S3Proxy) for the archive, and the sample corpus of
 * company descriptions for the vector index.
 * {@link #toolSettings()} are the {@code tool.<name>.*} keys that point the reference flows at them, exactly as a user
 * points them at their own systems. For {@code demo --real}, the bench and the integration tests. Not thread-safe:
 * one owner starts and closes it.
 */
public final class LocalSystems implements AutoCloseable {
    /** The schema and sample data of real mode, a resource of orchestrator-samples. */
    public static final String SCHEMA_RESOURCE = "/samples/real-tools-schema.sql";
    /** The company descriptions the vector index is built from, a resource of orchestrator-samples. */
    public static final String CORPUS = "classpath:samples/companies.jsonl";
    /** The sender of real-mode emails. */
    public static final String FROM = "orchestrator@demo.example";

    private final Path directory;
    private final LocalPostgres postgres;
    private final LocalSmtp smtp;
    private final LocalCompanyApi api;
    private final LocalS3 s3;

    private LocalSystems(Path directory, LocalPostgres postgres, LocalSmtp smtp, LocalCompanyApi api, LocalS3 s3) {
        this.directory = directory;
        this.postgres = postgres;
        this.smtp = smtp;
        this.api = api;
        this.s3 = s3;
    }

    /** Why real mode cannot run on this machine, if it cannot (no PostgreSQL server binaries). */
    public static java.util.Optional<String> unavailableReason() {
        return LocalPostgres.unavailableReason();
    }

    /**
     * Starts every system (the vector index in {@code directory}, PostgreSQL in a temporary directory), with the company API answering after {@code apiLatency}.
     *
     * @throws IllegalStateException when PostgreSQL cannot start here ({@link #unavailableReason()})
     */
    public static LocalSystems start(Path directory, Duration apiLatency) {
        Objects.requireNonNull(directory, "directory");
        // a temporary directory of its own: under root the server runs as another user, who must be able to enter it
        LocalPostgres postgres = LocalPostgres.startTemporary();
        LocalSmtp smtp = null;
        LocalCompanyApi api = null;
        LocalS3 s3 = null;
        try {
            createSchema(postgres);
            smtp = LocalSmtp.start();
            api = LocalCompanyApi.start(apiLatency);
            s3 = LocalS3.startTemporary();
            return new LocalSystems(directory, postgres, smtp, api, s3);
        } catch (RuntimeException e) {
            closeAfterFailure(e, s3, api, smtp, postgres);
            throw e;
        }
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalSmtp smtp() {
        return smtp;
    }

    public LocalCompanyApi api() {
        return api;
    }

    public LocalS3 s3() {
        return s3;
    }

    /** The {@code archive.s3.*} settings that turn the runtime's archiver to the local S3 server. */
    public Map<String, String> archiveSettings() {
        Map<String, String> s = new java.util.TreeMap<>();
        s.put("archive.s3.bucket", s3.bucket());
        s.put("archive.s3.prefix", "archive/");
        s.put("archive.s3.endpoint", s3.endpoint().toString());
        s.put("archive.s3.path.style", "true");
        s.put("archive.s3.access.key.id", "file:" + s3.accessKeyIdFile());
        s.put("archive.s3.secret.access.key", "file:" + s3.secretAccessKeyFile());
        return s;
    }

    /** Every envelope line of every archive object in the local bucket (gzip JSON Lines), in key order. */
    public java.util.List<String> archivedEnvelopes() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String key : s3.keys(s3.bucket())) {
            java.util.Optional<byte[]> found = s3.read(s3.bucket(), key);
            if (found.isEmpty()) {
                continue; // replaced since the listing
            }
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(found.get()))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException("archive object " + key + " is not gzip JSON Lines", e);
            }
        }
        return lines;
    }

    /**
     * The {@code tool.<name>.*} settings of the reference flows in real mode:
     * <ul>
     *   <li>{@code lead_sync}: the lead from PostgreSQL ({@code data_coordinator}), its company from the HTTP API
     *       ({@code enrichment_service}), delivered by email over SMTP ({@code delivery});</li>
     *   <li>{@code company_search}: companies from PostgreSQL ({@code company_db}), the vector index over the sample
     *       corpus with in-process embeddings ({@code vector_search}) and the HTTP API ({@code external_company_api});</li>
     *   <li>{@code account_provisioning}: CRM rows written and deleted in PostgreSQL ({@code crm_write},
     *       {@code crm_delete}).</li>
     * </ul>
     */
    public Map<String, String> toolSettings() {
        Map<String, String> s = new java.util.TreeMap<>();
        sql(s, "data_coordinator", "sql-query", "SELECT lead_id, name, email, company_domain, score FROM leads WHERE lead_id = :lead_id");
        http(s, "enrichment_service", "/companies/{company_domain}");
        s.put("tool.enrichment_service.query", "none");
        s.put("tool.delivery.type", "smtp");
        s.put("tool.delivery.host", smtp.host());
        s.put("tool.delivery.port", Integer.toString(smtp.port()));
        s.put("tool.delivery.security", "none");
        s.put("tool.delivery.from", FROM);
        s.put("tool.delivery.to.field", "email");
        s.put("tool.delivery.subject.template", "New lead: {name} ({company_name})");
        s.put("tool.delivery.body.template", "{name} <{email}> works at {company_name}, {industry}, {employees} employees.");
        sql(s, "company_db", "sql-query", "SELECT domain, name, industry, employees FROM companies "
                + "WHERE name ILIKE '%' || :query || '%' OR domain ILIKE :query || '%'");
        s.put("tool.vector_search.type", "vector-search");
        s.put("tool.vector_search.embeddings", "minilm-q");
        s.put("tool.vector_search.index", "lucene");
        s.put("tool.vector_search.index.dir", directory.resolve("vector-index").toString());
        s.put("tool.vector_search.source.jsonl", CORPUS);
        s.put("tool.vector_search.id.field", "domain");
        s.put("tool.vector_search.text.field", "name,industry,description");
        http(s, "external_company_api", "/companies");
        sql(s, "crm_write", "sql-statement",
                "INSERT INTO crm_accounts (account_id, email, plan) VALUES (:account_id, :email, :plan) RETURNING id");
        sql(s, "crm_delete", "sql-statement", "DELETE FROM crm_accounts WHERE id = :id RETURNING id AS deleted");
        return s;
    }

    private void sql(Map<String, String> s, String tool, String type, String statement) {
        s.put("tool." + tool + ".type", type);
        s.put("tool." + tool + ".jdbc.url", postgres.jdbcUrl());
        s.put("tool." + tool + ".user", LocalPostgres.USER);
        s.put("tool." + tool + ".password", "file:" + postgres.passwordFile());
        s.put("tool." + tool + ".sql", statement);
    }

    private void http(Map<String, String> s, String tool, String path) {
        s.put("tool." + tool + ".type", "http");
        s.put("tool." + tool + ".base.url", api.baseUrl());
        s.put("tool." + tool + ".path", path);
    }

    /** A connection to the real-mode database (for checks and reports). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, postgres.password());
    }

    private static void createSchema(LocalPostgres postgres) {
        String schema = readResource(SCHEMA_RESOURCE);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), LocalPostgres.USER, postgres.password());
             Statement statement = c.createStatement()) {
            statement.execute(schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the real-mode schema: " + e.getMessage(), e);
        }
    }

    private static String readResource(String name) {
        try (InputStream in = LocalSystems.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path (it ships in orchestrator-samples)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes what started; a failure to close is attached to {@code failure}, which stays the one reported. */
    private static void closeAfterFailure(RuntimeException failure, AutoCloseable... started) {
        for (AutoCloseable closeable : started) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Stops every system; the first failure to stop is thrown after trying the others. */
    @Override
    public void close() {
        IllegalStateException failure = new IllegalStateException("could not stop every local system");
        closeAfterFailure(failure, s3, api, smtp, postgres);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }
}
