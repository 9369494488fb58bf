package dev.orchestrators.cli;

import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.TopicNames;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrator run}: start the workers of every (or the named) flow until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the workers of every registered flow (or those named with --flows) until Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        OrchestratorRuntime runtime = OrchestratorRuntime.start(FlowOptions.registry(), options.context(), options.config());
        Thread hook = new Thread(() -> {
            System.out.println("shutting down: draining in-flight requests...");
            runtime.close();
            stopped.countDown();
        }, "orchestrator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.awaitRunning(Duration.ofMinutes(2));
        System.out.println("orchestrator running against " + runtime.bootstrapServers());
        String auditTopic = options.config().getString(dev.orchestrators.streams.config.OrchestratorConfig.AUDIT_TOPIC_CONFIG);
        for (String flow : runtime.flows()) {
            System.out.printf("  flow %-12s %s -> %s (dead letters: %s, audit: %s)%n", flow, TopicNames.requests(flow),
                    TopicNames.results(flow), TopicNames.deadLetters(flow), auditTopic);
        }
        System.out.println("publish a request, e.g.: bin/orchestrator publish --bootstrap-servers " + runtime.bootstrapServers()
                + " --flow lead_sync '{\"lead_id\": \"L-42\"}'");
        System.out.println("Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
