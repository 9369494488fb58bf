package dev.orchestrators.harness.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a chaos run and whether it passed: under exactly_once_v2 every loss and duplicate count must
 * be 0; under at_least_once nothing may be lost and no side effect duplicated (duplicate envelopes are counted
 * and reported); in both, every hostile request reaches its dead-letter topic with its reason and original
 * bytes, every fault was injected as often as asked, and enough was answered while the faults went on.
 */
final class ChaosReport {
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    ChaosReport put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    /** Records a failed expectation unless {@code holds}. */
    ChaosReport expect(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
        return this;
    }

    boolean passed() {
        return failures.isEmpty();
    }

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>(figures);
        out.put("passed", passed());
        out.put("failures", failures);
        return out;
    }

    String toText() {
        StringBuilder out = new StringBuilder("== chaos summary\n");
        figures.forEach((name, value) -> out.append(String.format("  %-32s %s%n", name, value)));
        out.append(passed() ? "PASSED\n" : "FAILED:\n");
        failures.forEach(f -> out.append("  - ").append(f).append('\n'));
        return out.toString();
    }
}
