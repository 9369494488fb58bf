package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.tools.ConfiguredTools;
import dev.orchestrators.tools.ToolDocs;
import dev.orchestrators.tools.ToolFactory;
import dev.orchestrators.tools.s3.S3ArchiveSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tools section of docs/configuration.md is generated from every tool factory the runnable jar ships. */
class ToolConfigurationDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "configuration.md");

    @Test
    void shouldKeepTheToolKeysInTheReferenceDocsInStepWithTheFactories() throws Exception {
        assertGenerated("ToolDocs.markdown()", ToolDocs.markdown(ConfiguredTools.factories()));
    }

    @Test
    void shouldKeepTheS3ArchiveKeysInTheReferenceDocsInStepWithTheCode() throws Exception {
        assertGenerated("S3ArchiveSettings.markdown()", S3ArchiveSettings.markdown());
    }

    private static void assertGenerated(String generator, String expected) throws Exception {
        String beginMarker = "<!-- BEGIN GENERATED: " + generator + " -->\n";
        String text = Files.readString(DOCS, StandardCharsets.UTF_8);
        int begin = text.indexOf(beginMarker) + beginMarker.length();
        int end = text.indexOf("<!-- END GENERATED: " + generator + " -->");
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOCS, text.substring(0, begin) + expected + text.substring(end), StandardCharsets.UTF_8);
            return;
        }

        assertThat(text.substring(begin, end))
                .as("docs/configuration.md is out of date: run ToolConfigurationDocsTest with -Ddocs.update=true")
                .isEqualTo(expected);
    }

    @Test
    void shouldShipAFactoryForEveryAdapterType() {
        List<String> types = ConfiguredTools.factories().stream().map(ToolFactory::type).toList();

        assertThat(types).contains("sql-query", "sql-statement", "http", "smtp", "vector-search");
    }
}
