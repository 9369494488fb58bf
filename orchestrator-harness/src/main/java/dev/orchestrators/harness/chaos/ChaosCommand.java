package dev.orchestrators.harness.chaos;

import dev.orchestrators.cli.spi.CommandPlugin;
import dev.orchestrators.streams.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orchestrator chaos}: the fault-injection harness. A program, not a timed test: it prints a summary
 * (and {@code --json FILE}) and exits 0 when every expectation held, 1 otherwise.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Run lead_sync and account_provisioning under faults (worker SIGKILLs, scaling, state wipes, broker "
                + "restarts, cut connections, failing tools, hostile input), then verify with a read_committed consumer "
                + "that nothing was lost or doubled and every hostile request was dead-lettered once.")
public final class ChaosCommand implements Callable<Integer>, CommandPlugin {
    @Option(names = "--quick", description = "A few thousand requests, at least one of each fault, a few minutes.")
    boolean quick;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = "exactly_once_v2";

    @Option(names = "--requests", description = "Requests to publish (default: 100000, or 4000 with --quick).")
    Integer requests;

    @Option(names = "--hostile-share", description = "Share of hostile requests (default: ${DEFAULT-VALUE}).")
    double hostileShare = 0.05;

    @Option(names = "--seed", description = "Seed of the request mix and the tool faults (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--work-dir", description = "Where the broker, workers and ledger keep their files (default: target/chaos/<time>).")
    Path workDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        // The harness's own clients lose the broker on purpose; their connection warnings are noise here.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        Path dir = workDir != null ? workDir
                : Path.of("target", "chaos", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
        ChaosSettings base = quick ? ChaosSettings.quick(guarantee, dir, seed) : ChaosSettings.full(guarantee, dir, seed);
        ChaosSettings settings = base.withRequests(requests != null ? requests : base.requests()).withHostileShare(hostileShare);
        return run(settings, json);
    }

    /** Runs {@code settings}, prints the summary, writes it to {@code json} if given; returns the exit code. */
    static int run(ChaosSettings settings, Path json) throws Exception {
        ChaosReport report = new ChaosRun(settings, System.out).run();
        System.out.print(report.toText());
        if (json != null) {
            Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toMap()));
        }
        return report.passed() ? 0 : 1;
    }
}
