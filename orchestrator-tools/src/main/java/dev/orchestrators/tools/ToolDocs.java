package dev.orchestrators.tools;

import dev.orchestrators.core.config.ConfigKey;
import java.util.List;
import java.util.Locale;

/**
 * The reference of every tool type's keys, as a Markdown section: generated from the factories' {@link ConfigKey}s
 * into {@code docs/configuration.md}, where a test holds it to the code.
 */
public final class ToolDocs {
    private ToolDocs() {
    }

    /** A section per factory: its type, what it does, and a table of its {@code tool.<name>.*} keys. */
    public static String markdown(List<ToolFactory> factories) {
        StringBuilder out = new StringBuilder();
        for (ToolFactory factory : factories) {
            out.append("### `tool.<name>.type=").append(factory.type()).append("`\n\n")
                    .append(factory.description()).append("\n\n")
                    .append("| key | type | default | valid values | importance | description |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (ConfigKey<?> key : factory.keys()) {
                out.append("| `tool.<name>.").append(key.name()).append("` | ").append(key.type()).append(" | ")
                        .append(key.documentedDefault()).append(" | ").append(cell(key.validValues())).append(" | ")
                        .append(key.importance().name().toLowerCase(Locale.ROOT)).append(" | ").append(cell(key.doc()))
                        .append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
