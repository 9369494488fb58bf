package dev.orchestrators.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts {@code orchestrator run} workers (of the {@code lead_sync} flow unless {@link #flows} says otherwise) as
 * separate JVMs, all of one application (same application-id prefix), as an operator would: sample tools answering after 300 ms
 * (unless changed), three partitions. Each worker gets its own Kafka Streams state directory, as a
 * replacement machine would. Timeouts are lowered so a dead worker is noticed quickly: its consumer session
 * expires after 6 s and its open transaction is aborted by the broker after 5 s. Each task runs at most 4
 * requests at once (unless changed), so a batch takes long enough to be interrupted half-way. Logs are kept in
 * {@code target/it-workers/<prefix>}. Immutable.
 */
final class Workers {
    private final String bootstrap;
    private final String guarantee;
    private final String prefix;
    private final long sampleLatencyMs;
    private final List<String> settings;
    private final List<String> flows;
    private final List<String> arguments;
    private final Path workDir;

    private Workers(String bootstrap, String guarantee, String prefix, long sampleLatencyMs, List<String> settings,
                    List<String> flows, List<String> arguments) {
        this.flows = List.copyOf(flows);
        this.arguments = List.copyOf(arguments);
        this.bootstrap = bootstrap;
        this.guarantee = guarantee;
        this.prefix = prefix;
        this.sampleLatencyMs = sampleLatencyMs;
        this.settings = List.copyOf(settings);
        this.workDir = Path.of("target", "it-workers", prefix).toAbsolutePath();
    }

    /** Workers with processing guarantee {@code guarantee}, application-id prefix {@code prefix}. */
    static Workers of(String bootstrap, String guarantee, String prefix) {
        return new Workers(bootstrap, guarantee, prefix, 300, List.of(
                "orchestrator.max.in.flight=4",
                "orchestrator.shutdown.drain.ms=2000",
                "streams.session.timeout.ms=6000",
                "streams.heartbeat.interval.ms=1000",
                "streams.producer.transaction.timeout.ms=5000"), List.of("lead_sync"), List.of());
    }

    /** These workers with the sample tools answering after {@code millis}. */
    Workers withSampleLatencyMs(long millis) {
        return new Workers(bootstrap, guarantee, prefix, millis, settings, flows, arguments);
    }

    /** These workers with {@code key=value} added (passed with {@code -D}; a later setting of a key wins). */
    Workers with(String keyEqualsValue) {
        List<String> more = new ArrayList<>(settings);
        more.add(keyEqualsValue);
        return new Workers(bootstrap, guarantee, prefix, sampleLatencyMs, more, flows, arguments);
    }

    /** These workers running {@code names} instead. */
    Workers flows(String... names) {
        return new Workers(bootstrap, guarantee, prefix, sampleLatencyMs, settings, List.of(names), arguments);
    }

    /** These workers with more {@code orchestrator run} options, e.g. {@code --metrics-port 0}. */
    Workers withArguments(String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return new Workers(bootstrap, guarantee, prefix, sampleLatencyMs, settings, flows, all);
    }

    /** Kafka Streams application id of these workers' (first) flow. */
    String applicationId() {
        return prefix + flows.get(0);
    }

    /** The directory the workers' logs (and anything else of theirs) go to. */
    Path workDir() {
        return workDir;
    }

    /** Starts worker {@code name} (logging to {@code <name>.log}); it is RUNNING once {@link WorkerProcess#isRunning()}. */
    WorkerProcess start(String name) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrap,
                "--flows", String.join(",", flows),
                "--guarantee", guarantee,
                "--sample-latency-ms", Long.toString(sampleLatencyMs),
                "--partitions", "3",
                "-D", "orchestrator.application.id.prefix=" + prefix,
                "-D", "state.dir=" + Runtimes.newDirectory(workDir, name + "-state-")));
        for (String setting : settings) {
            args.add("-D");
            args.add(setting);
        }
        args.addAll(arguments);
        return WorkerProcess.start(args, workDir.resolve(name + ".log"));
    }

    private static final Pattern METRICS_PORT =
            Pattern.compile("metrics and health on http://localhost:(\\d+)/metrics");

    /**
     * Waits until {@code worker} runs (failing at once if it dies) and returns the port of its metrics and health
     * endpoints, as it printed it; a failure carries the worker's log.
     */
    static int awaitMetricsPort(WorkerProcess worker, Duration startup) {
        try {
            Waiting.eventually(startup).failFast(() -> !worker.isAlive()).until(worker::isRunning);
            Matcher line = METRICS_PORT.matcher(worker.output());
            if (!line.find()) {
                throw new AssertionError("the worker does not print where its metrics are");
            }
            return Integer.parseInt(line.group(1));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nworker log:" + logs(worker), e);
        }
    }

    /** The logs of {@code workers} without stack frames, for a failure message. */
    static String logs(WorkerProcess... workers) {
        StringBuilder out = new StringBuilder();
        for (WorkerProcess worker : workers) {
            if (worker != null) {
                out.append("\n----- ").append(worker.log()).append(" -----\n").append(worker.output().replaceAll("(?m)^\\s+at .*\\R", ""));
            }
        }
        return out.toString();
    }
}
