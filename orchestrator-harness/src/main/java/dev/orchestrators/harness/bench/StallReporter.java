package dev.orchestrators.harness.bench;

import java.time.Duration;
import java.util.Map;

/**
 * Prints every thread's stack to stderr when a scenario takes longer than its budget, so a stuck run says
 * where it is stuck. Thread-safe.
 */
final class StallReporter implements AutoCloseable {
    private final Thread thread;
    private volatile long deadline = Long.MAX_VALUE;
    private volatile String what = "";

    StallReporter() {
        thread = new Thread(this::watch, "bench-stall-reporter");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the clock for {@code activity}. */
    void begin(String activity, Duration budget) {
        what = activity;
        deadline = System.nanoTime() + budget.toNanos();
    }

    private void watch() {
        try {
            while (true) {
                Thread.sleep(1000);
                if (System.nanoTime() > deadline) {
                    deadline = Long.MAX_VALUE;
                    StringBuilder dump = new StringBuilder("bench: " + what + " is over its time budget; threads:\n");
                    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                        dump.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
                        for (StackTraceElement frame : e.getValue()) {
                            dump.append("    at ").append(frame).append('\n');
                        }
                    }
                    System.err.println(dump);
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
