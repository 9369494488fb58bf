package dev.orchestrators.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrators.core.audit.AuditRecord;
import dev.orchestrators.core.envelope.Envelope;
import dev.orchestrators.core.envelope.EnvelopeRecord;
import dev.orchestrators.core.envelope.Provenance;
import dev.orchestrators.core.envelope.StepRun;
import dev.orchestrators.streams.serde.Json;
import java.util.stream.Collectors;

/** Human-readable renderings for the command line. */
final class Printing {
    private Printing() {
    }

    /** Pretty JSON when {@code value} is JSON, the raw text otherwise. */
    static String pretty(String value) {
        if (value == null) {
            return "null";
        }
        try {
            JsonNode node = Json.mapper().readTree(value);
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (java.io.IOException e) {
            return value;
        }
    }

    static String summary(Envelope envelope) {
        StringBuilder out = new StringBuilder();
        var m = envelope.metadata();
        out.append(String.format("envelope run_id=%s flow=%s status=%s%s%s%n", m.runId(), m.flow(), m.status(),
                m.reason() == null ? "" : " reason=\"" + m.reason() + "\"",
                m.error() == null ? "" : " error=" + m.error().failureClass().wireName() + "/" + m.error().type()
                        + " at " + m.error().step() + ": " + m.error().message()));
        out.append("  steps: ").append(m.steps().stream().map(Printing::step).collect(Collectors.joining(" -> "))).append('\n');
        m.details().forEach((topic, detail) -> out.append("  details.").append(topic).append(": ").append(compact(detail)).append('\n'));
        for (EnvelopeRecord record : envelope.records()) {
            out.append("  record ").append(record.key()).append(": ").append(record.fields()).append('\n');
            for (Provenance p : record.provenance()) {
                out.append(String.format("    %-10s by %s/%s%s (attempt %d%s)%n", p.action(), p.orchestrator(), p.step(),
                        p.tool() == null ? "" : " via " + p.tool(), p.attempt(),
                        p.score() == null ? "" : String.format(java.util.Locale.ROOT, ", score %.3f", p.score())));
            }
        }
        return out.toString();
    }

    /** A detail value as one line of JSON. */
    static String compact(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static String step(StepRun s) {
        return s.name() + "[" + s.status() + ", " + s.attempts() + " call" + (s.attempts() == 1 ? "" : "s") + "]";
    }

    static String summary(String key, AuditRecord record) {
        return String.format("audit %-48s %-18s %s%n", key, record.kind(),
                record.envelope() != null ? "status=" + record.envelope().status() : record.details());
    }
}
