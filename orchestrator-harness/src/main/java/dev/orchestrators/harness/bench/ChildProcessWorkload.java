package dev.orchestrators.harness.bench;

import dev.orchestrators.cli.OrchestratorCommand;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code lead_sync_20ms}, {@code lead_sync_20ms_x2}, {@code saga_20ms}, {@code router_20ms}, the
 * {@code lead_sync_limited_*} scenarios (with the per-tool limit in the runtime configuration): {@code instances}
 * workers, each its own JVM started exactly as an operator would ({@code java -cp <jar> OrchestratorCommand run
 * --bootstrap-servers ... --flows <the BenchFlow's flows> --sample-latency-ms 20 --allow-delivery -D ...}),
 * sharing one application id per flow. The flows are the registered ones, so their topics are
 * {@code <flow>.*}: the bench recreates them per run.
 */
final class ChildProcessWorkload implements Workload {
    static final String RUNNING_LINE = "orchestrator running against";

    private final WorkloadSpec spec;
    private final BenchCluster cluster;
    private final BenchFlow flow;
    private final int instances;
    private final long toolLatencyMs;
    private final List<String> javaOptions;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    ChildProcessWorkload(WorkloadSpec spec, BenchCluster cluster, BenchFlow flow, int instances, long toolLatencyMs,
                         List<String> javaOptions) {
        this.spec = spec;
        this.cluster = cluster;
        this.flow = flow;
        this.instances = instances;
        this.toolLatencyMs = toolLatencyMs;
        this.javaOptions = List.copyOf(javaOptions);
    }

    /** The application id (consumer group) of {@code flow}'s workers in run {@code id}. */
    static String applicationId(String id, String flow) {
        return TopicNames.applicationId(id + "-", flow);
    }

    @Override
    public boolean preloadBeforeStart() {
        return false;
    }

    @Override
    public void start() throws IOException {
        for (int i = 0; i < instances; i++) {
            addInstance();
        }
    }

    /** Starts one more worker JVM in the same group (after {@link #start()}: it joins a running group). */
    void addInstance() throws IOException {
        int i = processes.size();
        Path log = spec.workDir().resolve("worker-" + i + ".log");
        Process process = new ProcessBuilder(command(i)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        logs.add(log);
    }

    List<String> command(int instance) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OrchestratorCommand.class.getName(), "run",
                "--bootstrap-servers", spec.bootstrap(), "--flows", String.join(",", flow.flows()), "--guarantee", spec.guarantee(),
                "--sample-latency-ms", Long.toString(toolLatencyMs), "--partitions", Integer.toString(spec.partitions()),
                "--allow-delivery"));
        define(command, OrchestratorConfig.APPLICATION_ID_PREFIX_CONFIG, spec.id() + "-");
        define(command, OrchestratorConfig.AUDIT_TOPIC_CONFIG, spec.id() + ".audit");
        define(command, OrchestratorConfig.STATE_DIR_CONFIG, spec.workDir().resolve("state-" + instance).toString());
        for (Map.Entry<String, String> e : spec.runtimeConfig().entrySet()) {
            define(command, e.getKey(), e.getValue());
        }
        return command;
    }

    private static void define(List<String> command, String key, String value) {
        command.add("-D");
        command.add(key + "=" + value);
    }

    @Override
    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < instances; i++) {
            while (!output(i).contains(RUNNING_LINE)) {
                if (!processes.get(i).isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("worker " + i + " did not start; its output (" + logs.get(i) + "):\n" + output(i));
                }
                Thread.sleep(50);
            }
        }
        // every stream thread of every instance is one member of each flow's consumer group; a sub-flow's group
        // that settles late would stall the measurement as much as the entry flow's
        int threads = new OrchestratorConfig(spec.runtimeConfig()).getInt(OrchestratorConfig.NUM_STREAM_THREADS_CONFIG);
        for (String f : flow.flows()) {
            cluster.awaitStableGroup(applicationId(spec.id(), f), instances * threads, TopicNames.requests(f), spec.partitions(),
                    Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(5).toNanos())));
        }
    }

    private String output(int i) {
        try {
            return Files.readString(logs.get(i), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The worker JVMs' process ids. */
    List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    @Override
    public OptionalLong workerCpuNanos() {
        long total = 0;
        for (Process p : processes) {
            total += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return OptionalLong.of(total);
    }

    /**
     * SIGTERM to every worker at once (each drains and closes), SIGKILL after 60 s; then prints what each worker
     * logged at ERROR or WARN, if anything.
     */
    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < processes.size(); i++) {
            WorkerLogSummary summary = WorkerLogSummary.of(output(i));
            if (!summary.clean()) {
                System.out.printf("    %s worker %d logged %s%n", spec.id(), i, summary);
            }
        }
    }
}
