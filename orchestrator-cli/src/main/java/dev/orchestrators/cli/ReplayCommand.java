package dev.orchestrators.cli;

import dev.orchestrators.cli.RecordedTopics.RecordedRequest;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.replay.EnvelopeDiff;
import dev.orchestrators.core.replay.Recording;
import dev.orchestrators.core.replay.ReplayResult;
import dev.orchestrators.core.replay.Replayer;
import dev.orchestrators.core.runtime.Registry;
import dev.orchestrators.streams.Headers;
import dev.orchestrators.streams.TopicNames;
import dev.orchestrators.streams.config.ClientSecurity;
import dev.orchestrators.streams.config.OrchestratorConfig;
import dev.orchestrators.streams.serde.Json;
import dev.orchestrators.streams.serde.JsonSerde;
import dev.orchestrators.streams.serde.WireFormats;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code orchestrator replay}: re-runs a flow's recorded requests with the flow as it is now, with delivery and
 * every side-effecting tool disabled (answered from the audit instead), writes the new envelopes to
 * {@code <flow>.replay} and says, run by run, whether each matches the audited envelope and what differs.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-run a flow's recorded requests with the flow as it is now, for audit: side-effecting tools are never "
                + "called (their recorded answers are used), READ tools are. Writes the new envelopes to <flow>.replay and prints, "
                + "per run, whether it matches the audited envelope (timestamps and attempt counts aside) and what differs.",
                "Exit code: 0 when every replayed run matches, 1 when one differs, 2 when the replay could not run."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--flow", required = true, description = "The flow whose requests to replay.")
    String flow;

    @Option(names = "--from-time", paramLabel = "ISO-8601", description = "Only requests recorded at or after this time, e.g. 2026-11-26T09:00:00Z.")
    Instant fromTime;

    @Option(names = "--to-time", paramLabel = "ISO-8601", description = "Only requests recorded at or before this time.")
    Instant toTime;

    @Option(names = "--from-offset", description = "Only requests at or after this offset (of each partition, or of --partition).")
    Long fromOffset;

    @Option(names = "--partition", description = "Only this partition of the request topic.")
    Integer partition;

    @Option(names = "--run-id", split = ",", description = "Only these runs (repeatable).")
    List<String> runIds = new ArrayList<>();

    @Option(names = "--max", description = "Replay at most this many requests (default: all selected).")
    long max = Long.MAX_VALUE;

    @Option(names = "--run-timeout-ms", description = "Longest a replayed run may take (READ tools are called for real) (default: ${DEFAULT-VALUE}).")
    long runTimeoutMs = 60_000;

    @Option(names = "--quiet", description = "Print only the runs that differ and the summary.")
    boolean quiet;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every run's outcome and the summary as JSON to FILE.")
    Path json;

    @Mixin
    FlowOptions flows = new FlowOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        OrchestratorConfig config = flows.config();
        String bootstrap = config.getString(OrchestratorConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap.isBlank()) {
            bootstrap = "localhost:9092"; // a replay reads an existing cluster; it never starts one
        }
        Registry registry = flows.registry();
        if (!registry.contains(flow)) {
            throw new ConfigurationException("no flow named '" + flow + "'; known flows: " + registry.names());
        }
        Map<String, Object> client = new HashMap<>(ClientSecurity.of(config).clientProperties());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        RecordedTopics topics = new RecordedTopics(client);
        String auditTopic = config.getString(OrchestratorConfig.AUDIT_TOPIC_CONFIG);

        List<RecordedRequest> requests = topics.requests(TopicNames.requests(flow), new RecordedTopics.Selection(fromTime, toTime,
                fromOffset, partition, new LinkedHashSet<>(runIds), max), WireFormats.fromConfig(config, List.of(flow)).of(flow),
                config.forFlow(flow).limits());
        Set<String> selected = new LinkedHashSet<>();
        requests.forEach(r -> selected.add(r.runId()));
        List<AuditRecord> audit = topics.audit(auditTopic, selected);
        Replayer replayer = new Replayer(registry, flows.context(), Recording.of(audit), flows.allowDelivery,
                Duration.ofMillis(runTimeoutMs));

        Summary summary = new Summary();
        List<Map<String, Object>> runs = new ArrayList<>();
        String replayTopic = TopicNames.replay(flow);
        ensureTopic(client, replayTopic, TopicNames.requests(flow));
        try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
            for (RecordedRequest recorded : requests) {
                Map<String, Object> run = replayOne(replayer, recorded, producer, replayTopic, summary);
                runs.add(run);
            }
            producer.flush();
        }
        out.printf("replayed %d requests of %s: %d match, %d differ, %d not audited, %d unreadable, %d failed; new envelopes on %s%n",
                summary.replayed, flow, summary.matched, summary.differed, summary.notAudited, summary.unreadable, summary.failed,
                replayTopic);
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("flow", flow);
            report.put("summary", summary.toMap());
            report.put("runs", runs);
            Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        return summary.failed > 0 ? 2 : summary.differed > 0 ? 1 : 0;
    }

    private Map<String, Object> replayOne(Replayer replayer, RecordedRequest recorded, KafkaProducer<byte[], byte[]> producer,
                                          String replayTopic, Summary summary) throws InterruptedException, ExecutionException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run_id", recorded.runId());
        run.put("partition", recorded.partition());
        run.put("offset", recorded.offset());
        summary.replayed++;
        if (recorded.request() == null) {
            summary.unreadable++;
            run.put("outcome", "unreadable");
            run.put("reason", recorded.unreadable());
            print(false, "UNREADABLE %s (%s-%d@%d): %s", recorded.runId(), flow, recorded.partition(), recorded.offset(),
                    recorded.unreadable());
            return run;
        }
        ReplayResult result;
        try {
            result = replayer.replay(flow, recorded.runId(), recorded.request().payload());
        } catch (TimeoutException | RuntimeException e) {
            summary.failed++;
            run.put("outcome", "failed");
            run.put("reason", e.toString());
            print(true, "FAILED %s: %s", recorded.runId(), e);
            return run;
        }
        Envelope replayed = withRoute(recorded, result.replayed());
        List<EnvelopeDiff.Difference> differences = result.recorded().map(r -> EnvelopeDiff.between(r, replayed)).orElse(List.of());
        String outcome = result.recorded().isEmpty() ? "not_audited" : differences.isEmpty() ? "match" : "differs";
        run.put("outcome", outcome);
        run.put("status", replayed.status().name());
        run.put("differences", differences.stream().map(EnvelopeDiff.Difference::toString).toList());
        run.put("unrecorded_side_effects", result.unrecorded());
        switch (outcome) {
            case "match" -> {
                summary.matched++;
                print(false, "MATCH %s (%s)", recorded.runId(), replayed.status());
            }
            case "differs" -> {
                summary.differed++;
                print(true, "DIFFERS %s: %d difference%s", recorded.runId(), differences.size(), differences.size() == 1 ? "" : "s");
                differences.forEach(d -> print(true, "    %s", d));
            }
            default -> {
                summary.notAudited++;
                print(false, "NOT AUDITED %s: the audit has no final envelope for it (dead-lettered, not answered yet, or "
                        + "older than the audit's retention); replayed: %s", recorded.runId(), replayed.status());
            }
        }
        result.unrecorded().forEach(call -> print(true, "    side effect not in the recording, not performed: %s", call));
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.RUN_ID, Headers.utf8(recorded.runId()));
        headers.add(Headers.FLOW, Headers.utf8(flow));
        headers.add(Headers.STATUS, Headers.utf8(replayed.status().name()));
        headers.add(Headers.REPLAY_OUTCOME, Headers.utf8(outcome));
        producer.send(new ProducerRecord<>(replayTopic, null, recorded.timestamp(), recorded.key(),
                JsonSerde.envelope().serializer().serialize(replayTopic, replayed), headers)).get();
        return run;
    }

    /** A sub-flow's request passed on by a router is answered with the router's decision, as the runtime answers it. */
    @SuppressWarnings("unchecked")
    private static Envelope withRoute(RecordedRequest recorded, Envelope replayed) {
        String decision = Headers.lastValue(recorded.headers(), Headers.ROUTE_DECISION);
        if (decision == null || Headers.lastValue(recorded.headers(), Headers.ROUTED_BY) == null) {
            return replayed;
        }
        try {
            Map<String, Object> route = Json.mapper().readValue(decision.getBytes(StandardCharsets.UTF_8), LinkedHashMap.class);
            return replayed.withMetadata(replayed.metadata().withDetail("route", route));
        } catch (java.io.IOException e) {
            return replayed;
        }
    }

    private void print(boolean always, String format, Object... args) {
        if (always || !quiet) {
            out.printf(format + "%n", args);
        }
    }

    private static void ensureTopic(Map<String, Object> client, String topic, String like) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(client)) {
            int partitions = admin.describeTopics(List.of(like)).allTopicNames().get().get(like).partitions().size();
            try {
                admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Counts, by outcome. */
    private static final class Summary {
        long replayed;
        long matched;
        long differed;
        long notAudited;
        long unreadable;
        long failed;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("replayed", replayed);
            m.put("match", matched);
            m.put("differ", differed);
            m.put("not_audited", notAudited);
            m.put("unreadable", unreadable);
            m.put("failed", failed);
            return m;
        }
    }
}
