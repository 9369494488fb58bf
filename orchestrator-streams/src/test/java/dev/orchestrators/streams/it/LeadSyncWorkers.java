package dev.orchestrators.streams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code orchestrator run} workers of the {@code lead_sync} flow as separate JVMs, all of one
 * application (same application-id prefix), as an operator would: sample tools answering after 300 ms,
 * three partitions. Each worker gets its own Kafka Streams state directory, as a replacement machine would.
 * Timeouts are lowered so a dead worker is noticed quickly: its consumer session expires after 6 s and its
 * open transaction is aborted by the broker after 5 s. Each task runs at most 4 requests at once, so a batch
 * takes long enough to be interrupted half-way. Logs are kept in {@code target/it-workers}.
 */
final class LeadSyncWorkers {
    private final String bootstrap;
    private final String guarantee;
    private final String prefix;
    private final Path workDir;
    private final List<String> extraConfig;

    /**
     * @param extraConfig further {@code key=value} settings passed with {@code -D}
     */
    LeadSyncWorkers(String bootstrap, String guarantee, String prefix, String... extraConfig) {
        this.bootstrap = bootstrap;
        this.guarantee = guarantee;
        this.prefix = prefix;
        this.extraConfig = List.of(extraConfig);
        this.workDir = Path.of("target", "it-workers", prefix).toAbsolutePath();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts worker {@code name} (logging to {@code <name>.log}); it is RUNNING once {@link WorkerProcess#isRunning()}. */
    WorkerProcess start(String name) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrap,
                "--flows", "lead_sync",
                "--guarantee", guarantee,
                "--sample-latency-ms", "300",
                "--partitions", "3",
                "-D", "orchestrator.application.id.prefix=" + prefix,
                "-D", "state.dir=" + Runtimes.newDirectory(workDir, name + "-state-"),
                "-D", "orchestrator.max.in.flight=4",
                "-D", "orchestrator.shutdown.drain.ms=2000",
                "-D", "streams.session.timeout.ms=6000",
                "-D", "streams.heartbeat.interval.ms=1000",
                "-D", "streams.producer.transaction.timeout.ms=5000"));
        for (String setting : extraConfig) {
            args.add("-D");
            args.add(setting);
        }
        return WorkerProcess.start(args, workDir.resolve(name + ".log"));
    }

    /** The logs of the workers, for a failure message. */
    String logs(WorkerProcess... workers) {
        StringBuilder out = new StringBuilder();
        for (WorkerProcess worker : workers) {
            if (worker != null) {
                out.append("\n----- ").append(worker.log()).append(" -----\n").append(worker.output());
            }
        }
        return out.toString();
    }
}
