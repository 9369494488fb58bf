package dev.orchestrators.core.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a recorded envelope with a replayed one as JSON, field by field, ignoring what says when or after how
 * many tries rather than what: {@code at} and every {@code *_at} field, {@code duration_ms}, {@code attempt} and
 * {@code attempts} (a replay answers side effects from the record at once, where the recorded run may have
 * retried). Object fields compare regardless of order; arrays element by element.
 */
public final class EnvelopeDiff {
    private static final int MAX_VALUE_CHARS = 200;

    private EnvelopeDiff() {
    }

    /** One field that differs: its path ({@code metadata.status}, {@code records[0].fields.score}) and both values. */
    public record Difference(String path, String recorded, String replayed) {
        @Override
        public String toString() {
            return path + ": " + recorded + " -> " + replayed;
        }
    }

    /** The differences between {@code recorded} and {@code replayed}, in document order; empty when they match. */
    public static List<Difference> between(Envelope recorded, Envelope replayed) {
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(replayed, "replayed");
        List<Difference> out = new ArrayList<>();
        compare("", Json.mapper().valueToTree(recorded), Json.mapper().valueToTree(replayed), out);
        return out;
    }

    /** Whether a field named {@code name} is left out of the comparison. */
    public static boolean ignored(String name) {
        return name.equals("at") || name.endsWith("_at") || name.equals("duration_ms") || name.equals("attempt")
                || name.equals("attempts");
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<Difference> out) {
        if (a == null || a.isMissingNode() || b == null || b.isMissingNode()) {
            if (!absent(a) || !absent(b)) {
                out.add(new Difference(path, render(a), render(b)));
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : ordered(a, b, names)) {
                if (!ignored(name)) {
                    compare(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
                }
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!a.equals(b) && !(a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0)) {
            out.add(new Difference(path, render(a), render(b)));
        }
    }

    /** {@code names} in the recorded document's order, then the replayed one's new names. */
    private static List<String> ordered(JsonNode a, JsonNode b, Set<String> names) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!a.has(name)) {
                out.add(name);
            }
        }
        return out.stream().filter(names::contains).toList();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private static String render(JsonNode node) {
        if (absent(node)) {
            return "(absent)";
        }
        String text = node.toString();
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
    }
}
