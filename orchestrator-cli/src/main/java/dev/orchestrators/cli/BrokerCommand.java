package dev.orchestrators.cli;

import dev.orchestrators.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orchestrator broker}: a real Apache Kafka broker (KRaft, one node) as a process of its own, the one
 * {@code run} starts in-process when no cluster is given. Its data survives restarts in {@code --data-dir}.
 * SIGTERM stops it cleanly; SIGKILL is a crash.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a real Apache Kafka broker (KRaft, single node) until stopped: for a worker to connect to, or for fault drills.")
public final class BrokerCommand implements Callable<Integer> {
    /** What the command prints once the broker serves clients. */
    public static final String READY_LINE = "broker ready on ";

    @Option(names = "--port", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 9092;

    @Option(names = "--data-dir", required = true, description = "Where the broker keeps its data; reused on restart.")
    Path dataDir;

    @Option(names = "--listener", paramLabel = "NAME:PORT:ADVERTISED_PORT",
            description = "An extra PLAINTEXT listener on PORT that tells its clients to connect to ADVERTISED_PORT "
                    + "(for a proxy in front of it); repeatable.")
    List<String> listeners = new ArrayList<>();

    @Option(names = {"-P", "--broker-property"}, description = "A Kafka server property, e.g. -P log.retention.ms=600000.")
    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.newBuilder().port(port).dataDir(dataDir);
        for (String listener : listeners) {
            String[] parts = listener.split(":");
            if (parts.length != 3) {
                System.err.println("--listener must be NAME:PORT:ADVERTISED_PORT, was " + listener);
                return 2;
            }
            builder.listener(new EmbeddedKafkaBroker.Listener(parts[0], "PLAINTEXT", Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2])));
        }
        properties.forEach(builder::brokerProperty);
        EmbeddedKafkaBroker broker = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(READY_LINE + broker.bootstrapServers() + " (data in " + dataDir + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
