package dev.orchestrators.harness.bench;

import dev.orchestrators.cli.real.LocalSystems;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code lead_sync_pg}: lead_sync on real tools, in worker JVMs started as {@link ChildProcessWorkload} starts them, with
 * the systems on this machine ({@link LocalSystems}): the lead read from PostgreSQL (a primary-key lookup among 100,000
 * leads; the server shares the machine's cores), its company from the local HTTP API answering in 20 ms, the delivery
 * POSTed to the same API over HTTP with an {@code Idempotency-Key}. While it runs it samples the database's active
 * connections of the lead reader (its pool's utilisation) and, with {@code jcmd Thread.print}, the workers' stream
 * threads: how often one was caught waiting inside a tool's client. Both are printed when it closes.
 */
final class RealToolsWorkload implements Workload {
    /** Connections of the lead reader's pool in each worker. */
    static final int POOL_SIZE = 16;
    /** HTTP calls in flight per HTTP tool and worker: 20 ms x 5,000/s needs 100; more wait in front of the tool. */
    static final int HTTP_IN_FLIGHT = 256;

    private final WorkloadSpec spec;
    private final BenchCluster cluster;
    private final List<String> javaOptions;
    private final Duration apiLatency;
    private LocalSystems systems;
    private ChildProcessWorkload workers;
    private ScheduledExecutorService sampler;
    private final PoolSamples pool = new PoolSamples();
    private final ThreadSamples threads = new ThreadSamples();

    RealToolsWorkload(WorkloadSpec spec, BenchCluster cluster, List<String> javaOptions, Duration apiLatency) {
        this.spec = spec;
        this.cluster = cluster;
        this.javaOptions = javaOptions;
        this.apiLatency = apiLatency;
    }

    /** The tool settings of lead_sync_pg: the real-mode ones, with HTTP delivery and a lookup that serves any lead id. */
    static Map<String, String> toolSettings(LocalSystems systems) {
        Map<String, String> all = new LinkedHashMap<>();
        systems.toolSettings().forEach((k, v) -> {
            if (k.startsWith("tool.data_coordinator.") || k.startsWith("tool.enrichment_service.")) {
                all.put(k, v);
            }
        });
        // bench keys are not seeded leads: each reads one of the 100,000 seeded rows by primary key, chosen by its hash
        all.put("tool.data_coordinator.sql", "SELECT CAST(:lead_id AS text) AS lead_id, name, email, company_domain, score "
                + "FROM leads WHERE lead_id = 'L-' || (1 + abs(hashtext(CAST(:lead_id AS text))) % 100000)");
        all.put("tool.data_coordinator.pool.size", Integer.toString(POOL_SIZE));
        all.put("tool.enrichment_service.max.concurrent", Integer.toString(HTTP_IN_FLIGHT));
        all.put("tool.delivery.type", "http");
        all.put("tool.delivery.capability", "send");
        all.put("tool.delivery.base.url", systems.api().baseUrl());
        all.put("tool.delivery.path", "/deliveries");
        all.put("tool.delivery.max.concurrent", Integer.toString(HTTP_IN_FLIGHT));
        return all;
    }

    @Override
    public boolean preloadBeforeStart() {
        return false;
    }

    @Override
    public void start() throws Exception {
        systems = LocalSystems.start(spec.workDir().resolve("real-systems"), apiLatency);
        Map<String, String> config = new LinkedHashMap<>(spec.runtimeConfig());
        config.putAll(toolSettings(systems));
        WorkloadSpec withTools = new WorkloadSpec(spec.bootstrap(), spec.guarantee(), spec.partitions(), spec.id(), spec.inputTopic(),
                spec.outputTopic(), spec.workDir(), Map.copyOf(config), spec.clientOverrides());
        workers = new ChildProcessWorkload(withTools, cluster, BenchFlow.LEAD_SYNC, 1, 0, javaOptions);
        workers.start();
    }

    @Override
    public void awaitReady(Duration timeout) throws Exception {
        workers.awaitReady(timeout);
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-real-tools-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleWithFixedDelay(this::samplePool, 100, 100, TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(() -> workers.pids().forEach(threads::sample), 500, 500, TimeUnit.MILLISECONDS);
    }

    private void samplePool() {
        try (Connection c = systems.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE state = 'active'), count(*) FROM pg_stat_activity "
                     + "WHERE application_name LIKE 'orchestrator/data_coordinator%'")) {
            rs.next();
            pool.add(rs.getInt(1), rs.getInt(2));
        } catch (Exception e) {
            pool.failed(e);
        }
    }

    @Override
    public OptionalLong workerCpuNanos() {
        return workers.workerCpuNanos();
    }

    @Override
    public void close() throws Exception {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        try {
            if (workers != null) {
                workers.close();
            }
        } finally {
            if (systems != null) {
                System.out.printf("    %s: lead reader's pool (%d per worker): %s; deliveries recorded by the API %d%n", spec.id(),
                        POOL_SIZE, pool, systems.api().deliveries());
                System.out.printf("    %s: stream threads sampled with jcmd: %s%n", spec.id(), threads);
                systems.close();
            }
        }
    }

    /** The workers' stream threads as {@code jcmd <pid> Thread.print} shows them. */
    static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }
}
