package dev.orchestrators.harness.chaos;

import dev.orchestrators.cli.BrokerCommand;
import dev.orchestrators.samples.IdempotencyStore;
import dev.orchestrators.samples.SampleEnvironment;
import dev.orchestrators.streams.TopicNames;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * One chaos run: the broker in a process of its own, workers of {@code lead_sync} and
 * {@code account_provisioning} in JVMs of their own (each behind a TCP proxy), requests published at an even
 * pace with hostile ones mixed in, and, meanwhile, faults: workers killed with SIGKILL and restarted (some
 * with their state directory wiped, so it is restored from the changelog), the workers scaled 1 -> n -> 1, the
 * broker stopped and restarted (cleanly and with SIGKILL), a worker's connections cut. Then everything is
 * counted with a {@code read_committed} consumer ({@link ChaosVerifier}) and the sample systems' own ledger.
 */
final class ChaosRun {
    private static final List<String> FLOWS = List.of(RequestMix.LEAD_SYNC, RequestMix.SAGA);
    private static final String RUNNING_LINE = "orchestrator running against";

    private final ChaosSettings s;
    private final PrintStream log;
    private final SplittableRandom random;
    private final Path ledger;
    private final List<ChildJvm> workers = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();
    private ChildJvm broker;
    private String bootstrap;
    private int kills;
    private final List<String> crashes = new ArrayList<>();
    private long settledAt;
    /** Each fault, as seconds since the start: what. */
    private final List<String> faultLog = new ArrayList<>();
    private long openTransactions;
    private int workerRestarts;
    private final List<Long> cleanStopMillis = new ArrayList<>();
    private int wipes;
    private int cleanRestarts;
    private int hardRestarts;
    private int cuts;
    private int scaleEvents;

    ChaosRun(ChaosSettings settings, PrintStream log) {
        this.s = settings;
        this.log = log;
        this.random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        this.ledger = settings.workDir().resolve("sample-ledger");
    }

    ChaosReport run() throws Exception {
        Files.createDirectories(s.workDir());
        int[] ports = freePorts(1 + 2 * s.maxWorkers());
        bootstrap = "127.0.0.1:" + ports[0];
        List<String> brokerArgs = new ArrayList<>(List.of("broker", "--port", Integer.toString(ports[0]),
                "--data-dir", s.workDir().resolve("broker").toString()));
        for (int i = 0; i < s.maxWorkers(); i++) {
            brokerArgs.addAll(List.of("--listener", "W" + i + ":" + ports[1 + i] + ":" + ports[1 + s.maxWorkers() + i]));
        }
        broker = new ChildJvm("broker", List.of("-Xmx768m"), brokerArgs, s.workDir().resolve("broker.log"));
        broker.start();
        broker.awaitLine(BrokerCommand.READY_LINE, Duration.ofMinutes(2));
        String prefix = "chaos-" + Long.toHexString(s.seed()) + "-";
        for (int i = 0; i < s.maxWorkers(); i++) {
            proxies.add(new TcpProxy(ports[1 + s.maxWorkers() + i], ports[1 + i]));
            workers.add(new ChildJvm("worker-" + i, List.of("-Xmx512m"), workerArgs(i, ports[1 + s.maxWorkers() + i], prefix),
                    s.workDir().resolve("worker-" + i + ".log")));
        }
        say("broker on " + bootstrap + "; " + s.maxWorkers() + " worker slots behind proxies; work dir " + s.workDir());
        startWorker(0, true);
        long start = System.currentTimeMillis();
        RequestMix mix = new RequestMix(s.seed(), s.hostileShare(), "c" + Long.toHexString(s.seed()) + "-");
        try (LiveAnswers answers = new LiveAnswers(bootstrap, FLOWS, s.partitions());
             ChaosProducer producer = new ChaosProducer(bootstrap, mix, s.requests(), s.window())) {
            runFaults(start);
            long faultsEnd = System.currentTimeMillis();
            producer.awaitDone(Duration.ofMinutes(10));
            Set<String> valid = new HashSet<>();
            producer.planned().stream().filter(p -> !p.hostile()).forEach(p -> valid.add(p.id()));
            settle(answers, valid);
            settledAt = System.currentTimeMillis();
            say("stopping the workers");
            workers.forEach(w -> w.stop(Duration.ofSeconds(60)));
            openTransactions = openTransactions(Duration.ofSeconds(30));
            return report(producer, answers, valid, start, faultsEnd, mix);
        } finally {
            workers.forEach(ChildJvm::kill);
            for (TcpProxy proxy : proxies) {
                proxy.close();
            }
            broker.stop(Duration.ofSeconds(60));
        }
    }

    /**
     * The transactions still open once every worker has stopped, after waiting up to {@code patience} for the broker
     * to time out those of killed workers (whose transactional ids were not reused).
     */
    private long openTransactions(Duration patience) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.currentTimeMillis() + patience.toMillis();
            while (true) {
                long open = admin.listTransactions().all().get().stream()
                        .filter(t -> t.state() == TransactionState.ONGOING || t.state() == TransactionState.PREPARE_COMMIT
                                || t.state() == TransactionState.PREPARE_ABORT)
                        .count();
                if (open == 0 || System.currentTimeMillis() > deadline) {
                    return open;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private List<String> workerArgs(int index, int proxyPort, String prefix) {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", "127.0.0.1:" + proxyPort,
                "--flows", String.join(",", FLOWS), "--guarantee", s.guarantee(), "--allow-delivery",
                "--sample-latency-ms", Long.toString(s.latencyMs()), "--partitions", Integer.toString(s.partitions())));
        Map<String, String> defines = new java.util.LinkedHashMap<>();
        defines.put("orchestrator.application.id.prefix", prefix);
        defines.put("state.dir", stateDir(index).toString());
        defines.put(SampleEnvironment.LEDGER_DIR, ledger.toString());
        defines.put(SampleEnvironment.TOOL_TIMEOUT_MS, "2000");
        defines.put(SampleEnvironment.FAULTS_PREFIX + "transient", Double.toString(s.faults()[0]));
        defines.put(SampleEnvironment.FAULTS_PREFIX + "timeout", Double.toString(s.faults()[1]));
        defines.put(SampleEnvironment.FAULTS_PREFIX + "slow", Double.toString(s.faults()[2]));
        defines.put(SampleEnvironment.FAULTS_PREFIX + "permanent", Double.toString(s.faults()[3]));
        defines.put(SampleEnvironment.FAULTS_PREFIX + "seed", Long.toString(s.seed()));
        defines.put("orchestrator.limits.request.bytes", Integer.toString(RequestMix.REQUEST_LIMIT));
        defines.put("orchestrator.max.in.flight", "200");
        defines.put("orchestrator.shutdown.drain.ms", "2000");
        defines.put("streams.session.timeout.ms", "6000");
        defines.put("streams.heartbeat.interval.ms", "1500");
        defines.put("streams.producer.transaction.timeout.ms", "10000");
        defines.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
        return args;
    }

    private Path stateDir(int index) {
        return s.workDir().resolve("state-" + index);
    }

    /** Starts a worker; only the first start waits for it to run, later ones join while the faults go on. */
    private void startWorker(int index, boolean await) throws InterruptedException {
        ChildJvm worker = workers.get(index);
        worker.start();
        if (await) {
            worker.awaitLine(RUNNING_LINE, Duration.ofMinutes(2));
        }
    }

    /** The faults, in time order, spread over the window; returns when the last one is done. */
    private void runFaults(long start) throws Exception {
        record Event(double at, String what) {
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < s.kills(); i++) {
            events.add(new Event((i + 0.5) / s.kills(), "kill"));
        }
        for (int i = 0; i < s.workerRestarts(); i++) {
            events.add(new Event((i + 0.6) / (s.workerRestarts() + 0.3), "restart"));
        }
        for (int i = 0; i < s.brokerRestarts(); i++) {
            events.add(new Event((i + 0.8) / (s.brokerRestarts() + 0.5), i % 2 == 0 ? "broker-clean" : "broker-kill"));
        }
        for (int i = 0; i < s.cuts(); i++) {
            events.add(new Event((i + 0.3) / s.cuts(), "cut"));
        }
        if (s.maxWorkers() > 1) {
            events.add(new Event(0.15, "scale-up"));
            events.add(new Event(0.65, "scale-down"));
        }
        events.sort(Comparator.comparingDouble(Event::at));
        for (Event event : events) {
            long due = start + (long) (event.at() * s.window().toMillis());
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            faultLog.add((System.currentTimeMillis() - start) / 1000 + "s " + event.what());
            apply(event.what());
            restartCrashed();
        }
    }

    private void apply(String what) throws Exception {
        switch (what) {
            case "kill" -> killOne();
            case "restart" -> restartOne();
            case "broker-clean" -> {
                say("broker: clean stop and restart");
                broker.stop(Duration.ofSeconds(60));
                restartBroker();
                cleanRestarts++;
            }
            case "broker-kill" -> {
                say("broker: SIGKILL and restart");
                broker.kill();
                restartBroker();
                hardRestarts++;
            }
            case "cut" -> {
                int index = randomLiveWorker();
                say("cutting the connections of " + workers.get(index).name() + " for " + s.cutFor().toSeconds() + " s");
                proxies.get(index).cut(s.cutFor());
                cuts++;
            }
            case "scale-up" -> {
                say("scaling 1 -> " + s.maxWorkers());
                for (int i = 1; i < s.maxWorkers(); i++) {
                    if (!workers.get(i).isAlive()) {
                        startWorker(i, false);
                    }
                }
                scaleEvents++;
            }
            case "scale-down" -> {
                say("scaling " + s.maxWorkers() + " -> 1");
                for (int i = 1; i < s.maxWorkers(); i++) {
                    long began = System.currentTimeMillis();
                    workers.get(i).stop(Duration.ofSeconds(60));
                    cleanStopMillis.add(System.currentTimeMillis() - began);
                }
                scaleEvents++;
            }
            default -> throw new IllegalArgumentException(what);
        }
    }

    private void restartBroker() throws InterruptedException {
        Thread.sleep(1_000);
        broker.start();
        broker.awaitLine(BrokerCommand.READY_LINE, Duration.ofMinutes(2));
    }

    private void killOne() throws Exception {
        int index = randomLiveWorker();
        ChildJvm worker = workers.get(index);
        kills++;
        boolean wipe = kills % s.wipeEvery() == 0;
        say("SIGKILL " + worker.name() + (wipe ? ", wiping its state directory," : "") + " and restarting it");
        worker.kill();
        if (wipe) {
            deleteRecursively(stateDir(index));
            wipes++;
        }
        startWorker(index, false);
    }

    private void restartOne() throws Exception {
        int index = randomLiveWorker();
        ChildJvm worker = workers.get(index);
        say("stopping " + worker.name() + " cleanly and restarting it");
        long began = System.currentTimeMillis();
        worker.stop(Duration.ofSeconds(60));
        cleanStopMillis.add(System.currentTimeMillis() - began);
        workerRestarts++;
        startWorker(index, false);
    }

    private int randomLiveWorker() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).isAlive()) {
                live.add(i);
            }
        }
        return live.isEmpty() ? 0 : live.get(random.nextInt(live.size()));
    }

    /** Waits until every valid request is answered, or nothing new is answered for {@code settle}. */
    private void settle(LiveAnswers answers, Set<String> valid) throws InterruptedException {
        long lastProgress = System.currentTimeMillis();
        int last = -1;
        while (!answers.answeredAll(valid)) {
            int now = answers.answered();
            if (now != last) {
                last = now;
                lastProgress = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastProgress > s.settle().toMillis()) {
                say("no progress for " + s.settle().toSeconds() + " s: counting what is missing; thread dumps of the live "
                        + "workers in " + s.workDir());
                workers.forEach(w -> {
                    say(w.name() + ": " + w.state());
                    w.dumpThreads(s.workDir().resolve(w.name() + "-threads.txt"));
                });
                return;
            }
            restartCrashed();
            Thread.sleep(500);
        }
    }

    /**
     * A worker that exited on its own (not killed or stopped by the harness) is a finding: it is reported, and restarted
     * as a supervisor would, so that the run goes on.
     */
    private void restartCrashed() throws InterruptedException {
        for (int i = 0; i < workers.size(); i++) {
            ChildJvm worker = workers.get(i);
            if (worker.exitedOnItsOwn()) {
                String what = worker.name() + " " + worker.state() + " on its own; see " + worker.log();
                say(what + "; restarting it");
                crashes.add(what);
                startWorker(i, false);
            }
        }
    }

    private ChaosReport report(ChaosProducer producer, LiveAnswers answers, Set<String> valid, long start, long faultsEnd,
                               RequestMix mix) throws Exception {
        List<RequestMix.Planned> planned = producer.planned();
        ChaosVerifier.Seen seen = new ChaosVerifier(bootstrap).read(FLOWS, TopicNames.AUDIT, planned);
        long lost = valid.stream().filter(id -> !seen.envelopesByRun().containsKey(id)).count();
        long duplicated = valid.stream().filter(id -> seen.envelopesByRun().getOrDefault(id, 0) > 1).count();
        long auditMissing = valid.stream().filter(id -> seen.envelopesByRun().containsKey(id) && !seen.auditedRuns().contains(id)).count();
        List<String> hostile = planned.stream().filter(RequestMix.Planned::hostile).map(RequestMix.Planned::id).toList();
        long dlq = hostile.stream().filter(seen.deadLettersById()::containsKey).count();
        long dlqDuplicated = hostile.stream().filter(id -> seen.deadLettersById().getOrDefault(id, 0) > 1).count();
        IdempotencyStore systems = IdempotencyStore.inDirectory(ledger);
        long producedDuringFaults = valid.stream().filter(id -> {
            Long at = producer.acknowledgedAt(id);
            return at != null && at >= start && at <= faultsEnd;
        }).count();
        long answeredDuringFaults = answers.answeredBetween(start, faultsEnd, valid);
        double seconds = Math.max(1, (faultsEnd - start) / 1000.0);
        double share = producedDuringFaults == 0 ? 0 : (double) answeredDuringFaults / producedDuringFaults;
        boolean eos = s.guarantee().equals("exactly_once_v2");
        long stallMillis = answers.longestGapMillis(start, settledAt, valid);
        ChaosReport report = new ChaosReport()
                .put("guarantee", s.guarantee())
                .put("requests", valid.size())
                .put("hostile", hostile.size())
                .put("envelopes", seen.envelopesByRun().keySet().stream().filter(valid::contains).count())
                .put("lost", lost)
                .put("duplicated", duplicated)
                .put("audit_missing", auditMissing)
                .put("dlq", dlq)
                .put("dlq_missing", hostile.size() - dlq)
                .put("dlq_duplicated", dlqDuplicated)
                .put("dlq_without_reason_or_bytes", seen.deadLettersWithoutReasonOrBytes())
                .put("valid_dead_lettered", seen.validRunsDeadLettered().size())
                .put("open_transactions_after_stop", openTransactions)
                .put("workers_exited_on_their_own", crashes)
                .put("side_effects_performed", systems.performed())
                .put("side_effects_duplicated", systems.duplicatedEffects())
                .put("side_effect_repeats_refused_by_key", systems.repeats())
                .put("kills", kills)
                .put("state_wipes", wipes)
                .put("worker_restarts_clean", workerRestarts)
                .put("clean_stop_max_ms", cleanStopMillis.stream().mapToLong(Long::longValue).max().orElse(0))
                .put("broker_restarts", cleanRestarts + hardRestarts)
                .put("broker_restarts_clean", cleanRestarts)
                .put("broker_restarts_sigkill", hardRestarts)
                .put("cuts", cuts)
                .put("scale_events", scaleEvents)
                .put("fault_window_s", Math.round(seconds))
                .put("throughput_during_faults_per_s", Math.round(answeredDuringFaults / seconds))
                .put("answered_share_during_faults", Math.round(share * 1000) / 1000.0)
                .put("longest_stall_s", Math.round(stallMillis / 100.0) / 10.0)
                .put("answered_per_10s", answers.answeredPerInterval(start, settledAt, 10_000, valid))
                .put("fault_log", faultLog)
                .put("lost_run_ids", valid.stream().filter(id -> !seen.envelopesByRun().containsKey(id)).sorted().limit(20).toList())
                .put("duplicated_run_ids", valid.stream().filter(id -> seen.envelopesByRun().getOrDefault(id, 0) > 1).sorted().limit(20).toList());
        report.expect(lost == 0, "lost = " + lost + " valid requests have no final envelope")
                .expect(crashes.isEmpty(), crashes.size() + " workers exited on their own: " + crashes)
                .expect(seen.validRunsDeadLettered().isEmpty(), seen.validRunsDeadLettered().size() + " valid requests were dead-lettered")
                .expect(systems.duplicatedEffects() == 0, "side effects duplicated: " + systems.duplicatedEffects())
                .expect(dlq == hostile.size(), (hostile.size() - dlq) + " hostile requests have no dead letter")
                .expect(seen.deadLettersWithoutReasonOrBytes() == 0, seen.deadLettersWithoutReasonOrBytes()
                        + " dead letters lack their reason or original bytes")
                .expect(auditMissing == 0, auditMissing + " answered runs have no ENVELOPE audit entry")
                .expect(kills >= s.kills() && workerRestarts >= s.workerRestarts() && cleanRestarts + hardRestarts >= s.brokerRestarts() && cuts >= s.cuts()
                        && wipes >= Math.min(1, s.kills() / s.wipeEvery()), "not every fault was injected")
                .expect(stallMillis <= s.maxStall().toMillis(), "the workers answered nothing for " + stallMillis / 1000
                        + " s (at most " + s.maxStall().toSeconds() + " s allowed)");
        if (eos) {
            report.expect(duplicated == 0, "duplicated = " + duplicated + " runs have more than one final envelope")
                    .expect(dlqDuplicated == 0, dlqDuplicated + " hostile requests were dead-lettered more than once")
                    .expect(openTransactions == 0, openTransactions + " transactions were still open after the workers stopped");
        }
        return report;
    }

    private void say(String line) {
        log.printf("[chaos %tT] %s%n", System.currentTimeMillis(), line);
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
