package dev.orchestrators.cli.it;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.AbstractAssert;

/**
 * Asserts how many records of a topic each run produced, and on failure says exactly which runs are missing,
 * which were answered more than once (and how often) and which were not expected at all.
 */
final class RunCountAssert extends AbstractAssert<RunCountAssert, Map<String, Long>> {
    private final String what;

    private RunCountAssert(String what, Map<String, Long> countsByRun) {
        super(countsByRun, RunCountAssert.class);
        this.what = what;
    }

    /**
     * @param what  what is being counted, for the failure message ("envelopes on lead_sync.results")
     * @param runId the run a record belongs to; records for which it returns {@code null} are not counted
     */
    static <V> RunCountAssert assertThatRunsOf(String what, List<ConsumerRecord<String, V>> records,
                                              Function<ConsumerRecord<String, V>, String> runId) {
        Map<String, Long> counts = records.stream()
                .map(runId)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
        return new RunCountAssert(what, counts);
    }

    /** Every run in {@code runIds} appears exactly once, and no other run appears. */
    RunCountAssert hasExactlyOnePerRun(Collection<String> runIds) {
        isNotNull();
        TreeSet<String> missing = missing(runIds);
        Map<String, Long> duplicated = new TreeMap<>(actual);
        duplicated.values().removeIf(count -> count == 1);
        TreeSet<String> unexpected = new TreeSet<>(actual.keySet());
        unexpected.removeAll(runIds);
        if (!missing.isEmpty() || !duplicated.isEmpty() || !unexpected.isEmpty()) {
            failWithMessage("expected exactly one of the %s for each of %d runs, but%n  missing (%d): %s%n"
                            + "  more than once (run=count, %d): %s%n  unexpected runs (%d): %s",
                    what, runIds.size(), missing.size(), firstFew(missing), duplicated.size(), firstFew(duplicated.entrySet()),
                    unexpected.size(), firstFew(unexpected));
        }
        return this;
    }

    /** Every run in {@code runIds} appears at least once (duplicates allowed: at-least-once). */
    RunCountAssert hasAtLeastOnePerRun(Collection<String> runIds) {
        isNotNull();
        TreeSet<String> missing = missing(runIds);
        if (!missing.isEmpty()) {
            failWithMessage("expected at least one of the %s for each of %d runs, but %d are missing: %s",
                    what, runIds.size(), missing.size(), firstFew(missing));
        }
        return this;
    }

    private static String firstFew(Collection<?> items) {
        return items.size() <= 20 ? items.toString()
                : items.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", ", "[", ", ...]"));
    }

    private TreeSet<String> missing(Collection<String> runIds) {
        TreeSet<String> missing = new TreeSet<>(runIds);
        missing.removeAll(actual.keySet());
        return missing;
    }
}
