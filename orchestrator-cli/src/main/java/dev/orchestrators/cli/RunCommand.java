package dev.orchestrators.cli;

import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.streams.FlowPlan;
import dev.orchestrators.streams.OrchestratorRuntime;
import dev.orchestrators.streams.config.OrchestratorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orchestrator run}: start the workers of every (or the named) flow until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the workers of every flow found (the reference flows and those of --flows-jar), or those named with --flows, until Ctrl-C.")
final class RunCommand implements Callable<Integer> {
    /** What the worker prints once its metrics endpoint listens (tests read the port from it). */
    static final String METRICS_LINE = "metrics and health on http://localhost:";

    @Mixin
    FlowOptions options = new FlowOptions();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /health/live and /health/ready on this port; 0: any free port "
                    + "(default: off; same as -D " + OrchestratorConfig.METRICS_PORT_CONFIG + "=PORT).")
    Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Registry registry = options.registry();
        OrchestratorConfig config = config();
        JvmGcMetrics gc = bindProcessMeters(options.meters());
        Cluster cluster = Cluster.start(config);
        OrchestratorRuntime runtime;
        try {
            runtime = OrchestratorRuntime.start(registry, options.context(), cluster.config(), options.meters());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            System.out.println("shutting down: draining in-flight requests...");
            runtime.close();
            cluster.close();
            gc.close();
            stopped.countDown();
        }, "orchestrator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.awaitRunning(Duration.ofMinutes(2));
        System.out.println("orchestrator running against " + runtime.bootstrapServers());
        if (runtime.metricsPort() >= 0) {
            System.out.println("  " + METRICS_LINE + runtime.metricsPort() + "/metrics, /health/live, /health/ready");
        }
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

    /**
     * The worker's configuration: {@link FlowOptions#config()}, with {@code --metrics-port}.
     *
     * @throws dev.orchestrators.core.errors.ConfigurationException as {@link FlowOptions#config()}
     */
    OrchestratorConfig config() {
        if (metricsPort != null) {
            options.extra.put(OrchestratorConfig.METRICS_PORT_CONFIG, metricsPort.toString());
        }
        return options.config();
    }

    /** The JVM's and the machine's meters, next to the orchestrators'. */
    private static JvmGcMetrics bindProcessMeters(MeterRegistry meters) {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        return gc;
    }
}
