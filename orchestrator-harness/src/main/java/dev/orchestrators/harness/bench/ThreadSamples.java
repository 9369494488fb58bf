package dev.orchestrators.harness.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Samples of worker JVMs' Kafka Streams threads taken with {@code jcmd <pid> Thread.print}: how many times a stream
 * thread was seen, and how many of those it was inside a blocking client (JDBC, the connection pool, mail), which the
 * adapters' contract says never happens. Thread-safe.
 */
final class ThreadSamples {
    /** Frames of blocking clients: a stream thread must never be inside one (starting an asynchronous call is fine). */
    static final List<String> TOOL_FRAMES = List.of("at org.postgresql.", "at com.zaxxer.hikari.", "at jakarta.mail.",
            "at org.eclipse.angus.");

    private long samples;
    private long inTool;
    private long dumps;
    private String example = "";

    void sample(long pid) {
        String dump;
        try {
            Process p = new ProcessBuilder(RealToolsWorkload.jcmd().toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
        } catch (IOException e) {
            return; // the worker is gone (closing): nothing to sample
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        count(dump);
    }

    /** Counts the stream threads of one thread dump. */
    synchronized void count(String dump) {
        dumps++;
        for (String block : dump.split("\n\n")) {
            if (!block.startsWith("\"") || !block.substring(0, block.indexOf('"', 1) + 1).contains("StreamThread")) {
                continue;
            }
            samples++;
            String frames = block.lines().reduce("", (a, b) -> a + b + "\n");
            if (TOOL_FRAMES.stream().anyMatch(frames::contains)) {
                inTool++;
                if (example.isEmpty()) {
                    example = frames;
                }
            }
        }
    }

    @Override
    public synchronized String toString() {
        return samples + " stream-thread samples in " + dumps + " dumps, " + inTool + " inside a tool's client"
                + (example.isEmpty() ? "" : "; first:\n" + example);
    }
}
