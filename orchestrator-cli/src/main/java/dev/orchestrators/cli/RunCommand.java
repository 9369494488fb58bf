package dev.orchestrators.cli;

import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.config.OrchestratorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code orchestrator run}: start the workers of every (or the named) flow until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the workers of every flow found (the reference flows and those of --flows-jar), or those named with --flows, until Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    FlowOptions options = new FlowOptions();

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Registry registry = options.registry();
        OrchestratorConfig config = options.config();
        OrchestratorRuntime runtime = OrchestratorRuntime.start(registry, options.context(), config, options.meters());
        Thread hook = new Thread(() -> {
            System.out.println("shutting down: draining in-flight requests...");
            runtime.close();
            stopped.countDown();
        }, "orchestrator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.awaitRunning(Duration.ofMinutes(2));
        System.out.println("orchestrator running against " + runtime.bootstrapServers());
        Map<String, FlowPlan> plans = FlowPlan.of(registry, options.context(), config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG));
        for (String flow : runtime.flows()) {
            FlowPlan plan = plans.get(flow);
            System.out.printf("  flow %-22s %-9s reads %s, writes %s%n", flow, plan.shape().name().toLowerCase(java.util.Locale.ROOT),
                    plan.inputs(), plan.outputs());
        }
        String example = runtime.flows().contains("lead_sync") ? "--flow lead_sync '{\"lead_id\": \"L-42\"}'"
                : "--flow " + runtime.flows().get(0) + " '<payload as a JSON object>'";
        System.out.println("publish a request, e.g.: bin/orchestrator publish --bootstrap-servers " + runtime.bootstrapServers()
                + " " + example);
        System.out.println("Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
