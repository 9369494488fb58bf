package dev.orchestrators.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/first-flow.md quotes every file of examples/first-flow, exactly: each quote is a link to the file on its own
 * line, then a fenced block holding the whole file. FirstFlowIT builds and runs those files.
 */
class FirstFlowGuideTest {
    private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
    private static final Path EXAMPLE = Path.of("examples", "first-flow");
    private static final Pattern QUOTE = Pattern.compile(
            "^\\[`(examples/first-flow/[^`]+)`]\\([^)]*\\)\\n```[a-z]*\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);

    @Test
    void shouldQuoteEveryFileOfTheExampleExactly() throws IOException {
        // given
        Map<String, String> quoted = quotes(Files.readString(ROOT.resolve("docs/first-flow.md"), StandardCharsets.UTF_8));

        // then
        assertThat(quoted.keySet()).as("the files the guide quotes").containsExactlyInAnyOrderElementsOf(exampleFiles());
        for (Map.Entry<String, String> quote : quoted.entrySet()) {
            assertThat(quote.getValue()).as("the guide's copy of " + quote.getKey())
                    .isEqualTo(Files.readString(ROOT.resolve(quote.getKey()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldDependOnTheVersionThisRepositoryBuilds() {
        String version = Pom.read(ROOT.resolve("pom.xml")).text("version").orElseThrow();

        assertThat(Pom.read(ROOT.resolve(EXAMPLE).resolve("pom.xml")).text("properties/orchestrators.version")).contains(version);
    }

    @Test
    void shouldNameOnlyTheVersionThisRepositoryBuilds() throws IOException {
        String version = Pom.read(ROOT.resolve("pom.xml")).text("version").orElseThrow();
        String guide = Files.readString(ROOT.resolve("docs/first-flow.md"), StandardCharsets.UTF_8);

        List<String> named = Pattern.compile("\\d+\\.\\d+\\.\\d+-SNAPSHOT").matcher(guide).results()
                .map(m -> m.group()).filter(v -> !v.equals("1.0.0-SNAPSHOT")).distinct().toList();

        assertThat(named).as("versions of this repository the guide names (1.0.0-SNAPSHOT is the example's own)")
                .containsExactly(version);
    }

    private static Map<String, String> quotes(String guide) {
        Map<String, String> quotes = new LinkedHashMap<>();
        Matcher quote = QUOTE.matcher(guide);
        while (quote.find()) {
            assertThat(quotes.put(quote.group(1), quote.group(2))).as("quoted twice: " + quote.group(1)).isNull();
        }
        return quotes;
    }

    /** The example's files as a user writes them (not what a build made). */
    private static List<String> exampleFiles() throws IOException {
        Path example = ROOT.resolve(EXAMPLE);
        try (Stream<Path> files = Files.walk(example)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !example.relativize(file).startsWith("target"))
                    .map(file -> EXAMPLE.resolve(example.relativize(file)).toString().replace('\\', '/'))
                    .toList();
        }
    }
}
