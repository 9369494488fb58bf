package dev.orchestrators.streams.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code orchestrator bench}: placeholder replaced by the benchmark implementation. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark flows against raw Kafka baselines.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("bench is being built");
        return 1;
    }
}
