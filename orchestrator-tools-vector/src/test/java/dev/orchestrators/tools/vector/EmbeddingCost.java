package dev.orchestrators.tools.vector;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prints what the in-process embedding model costs (it measures, it does not assert): load time, Java heap and resident
 * memory, and embeddings per second on one thread and on two. One model per JVM, so the load is a cold one:
 *
 * <pre>{@code
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -pl orchestrator-tools-vector
 * cd orchestrator-tools-vector
 * java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" dev.orchestrators.tools.vector.EmbeddingCost minilm
 * java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" dev.orchestrators.tools.vector.EmbeddingCost minilm-q
 * java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" dev.orchestrators.tools.vector.EmbeddingCost compare
 * }</pre>
 * The texts are the company descriptions of the samples' corpus (about 20 to 30 word pieces each).
 */
public final class EmbeddingCost {
    private static final int WARM_UP = 100;
    private static final int MEASURED = 600;

    private EmbeddingCost() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "minilm" : args[0];
        if (which.equals("compare")) {
            QuantizedRanking.print();
            return;
        }
        List<String> texts = texts();
        long heapBefore = heapUsed();
        long rssBefore = residentKb();
        long started = System.nanoTime();
        OnnxEmbedder model = OnnxEmbedder.minilm(which.equals("minilm-q"));
        model.embed(List.of("first call")).join();
        double loadMs = (System.nanoTime() - started) / 1e6;
        long heapAfter = heapUsed();
        long rssAfter = residentKb();
        for (int i = 0; i < WARM_UP; i++) {
            model.embed(List.of(texts.get(i % texts.size()))).join();
        }
        double single = perSecond(model, texts, 1);
        double two = perSecond(model, texts, 2);
        System.out.printf(Locale.ROOT, "%s: load %.0f ms (first embedding included); Java heap +%.1f MB; resident memory +%.0f MB "
                        + "(%.0f MB in all); %.0f embeddings/s on 1 thread, %.0f/s on 2 threads (%d cores)%n",
                model.id(), loadMs, (heapAfter - heapBefore) / 1e6, (rssAfter - rssBefore) / 1024.0, rssAfter / 1024.0,
                single, two, Runtime.getRuntime().availableProcessors());
    }

    private static double perSecond(OnnxEmbedder model, List<String> texts, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<CompletableFuture<Void>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                parts.add(CompletableFuture.runAsync(() -> {
                    for (int i = offset; i < MEASURED; i += threads) {
                        model.embed(List.of(texts.get(i % texts.size()) + " #" + i)).join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).join();
            return MEASURED / ((System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> texts() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.COMPANIES)) {
            if (!line.isBlank()) {
                out.add(line.replaceAll(".*\"description\": \"([^\"]*)\".*", "$1"));
            }
        }
        return out;
    }

    private static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process, in kB (0 where /proc is missing). */
    private static long residentKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
