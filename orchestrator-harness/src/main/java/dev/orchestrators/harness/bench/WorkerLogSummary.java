package dev.orchestrators.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ERROR and WARN lines of a worker JVM's log (slf4j-simple: {@code HH:mm:ss.SSS LEVEL logger - message}),
 * counted, with the first few distinct ones (without their time) kept to print: a worker's log is deleted with
 * the run's scratch directory unless {@code --keep-work-dir}, and a figure measured while the runtime complained
 * should say so. Lines every worker logs at start for reasons outside the runtime are not counted: see
 * {@link #EXPECTED}. Immutable.
 *
 * @param errors   ERROR lines
 * @param warnings WARN lines
 * @param first    the first {@link #KEPT} distinct ERROR or WARN lines, without their time
 */
record WorkerLogSummary(int errors, int warnings, List<String> first) {
    static final int KEPT = 3;
    /**
     * Warnings every worker logs, not counted: the bench puts state directories in the OS temp directory, and
     * Kafka Streams 4.4 warns about {@code processing.exception.handler.global.enabled} once per application
     * although the runtime sets it to true, and a worker with another partition count than the telemetry topic's
     * (the limited scenarios) says that the count applies only to topics it creates.
     */
    static final List<String> EXPECTED = List.of("Using an OS temp directory in the state.dir property",
            "Processing exception handler is not enabled for the GlobalThread",
            // the limited scenarios run 12 partitions; the shared telemetry topic was created with the others' count
            "applies only to topics it creates");

    WorkerLogSummary {
        first = List.copyOf(first);
    }

    static WorkerLogSummary of(String log) {
        int errors = 0;
        int warnings = 0;
        Set<String> first = new LinkedHashSet<>();
        for (String line : log.split("\n")) {
            boolean error = line.contains(" ERROR ");
            boolean warning = !error && line.contains(" WARN ");
            if (!error && !warning || EXPECTED.stream().anyMatch(line::contains)) {
                continue;
            }
            if (error) {
                errors++;
            } else {
                warnings++;
            }
            if (first.size() < KEPT) {
                first.add(line.substring(line.indexOf(error ? " ERROR " : " WARN ") + 1).strip());
            }
        }
        return new WorkerLogSummary(errors, warnings, new ArrayList<>(first));
    }

    boolean clean() {
        return errors == 0 && warnings == 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(errors + " ERROR and " + warnings + " WARN lines");
        // Kafka's client warnings put the client id first and the error last: keep both ends of a long line
        first.forEach(line -> out.append("\n      ").append(line.length() <= 300 ? line
                : line.substring(0, 150) + " ... " + line.substring(line.length() - 150)));
        return out.toString();
    }
}
