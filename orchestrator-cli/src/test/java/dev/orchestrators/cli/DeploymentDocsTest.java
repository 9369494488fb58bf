package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the README's "Run it in production", docs/deployment.md and the deployment files tell an operator holds: every
 * {@code ORCHESTRATOR_} variable they name sets a configuration key, and every document they (and the documents that
 * point to docs/deployment.md) point to exists, with the heading named.
 */
class DeploymentDocsTest {
    private static final List<String> MARKDOWN = List.of("README.md", "docs/deployment.md", "docs/security.md", "docs/architecture.md");
    private static final List<String> DEPLOYMENT_FILES = List.of("Dockerfile", "docker-compose.yml", "deploy/compose/worker.env",
            "deploy/base/worker.env", "deploy/base/deployment.yaml", "deploy/base/kustomization.yaml", "deploy/generate.sh");
    private static final Pattern VARIABLE = Pattern.compile("\\b" + EnvironmentSettings.PREFIX + "[A-Z0-9][A-Z0-9_]*");
    private static final Pattern LINK = Pattern.compile("]\\(([^)\\s]+)\\)");
    private static final Pattern DOCS_REFERENCE = Pattern.compile("\\bdocs/[\\w./-]+\\.md(?:#[\\w-]+)?");
    /** A row of docs/deployment.md's table of variables: {@code | `ORCHESTRATOR_X=value` | `key` ...}. */
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `(" + EnvironmentSettings.PREFIX + "\\w+)=[^`]*` \\| `([^`]+)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void shouldNameOnlyEnvironmentVariablesThatSetAConfigurationKey() {
        Set<String> named = new LinkedHashSet<>();
        for (String file : concat(MARKDOWN, DEPLOYMENT_FILES)) {
            Matcher variable = VARIABLE.matcher(DeployFiles.read(DeployFiles.file(file)));
            while (variable.find()) {
                String name = variable.group();
                if (!name.equals(EnvironmentSettings.JAVA_OPTS)) {
                    named.add(name);
                    assertThatCode(() -> EnvironmentSettings.keyOf(name)).as("%s names %s", file, name).doesNotThrowAnyException();
                }
            }
        }
        assertThat(named).as("the documents name settings").contains("ORCHESTRATOR_METRICS_PORT", "ORCHESTRATOR_BOOTSTRAP_SERVERS",
                "ORCHESTRATOR_WIRE_FORMAT", "ORCHESTRATOR_SASL_PASSWORD");
    }

    @Test
    void shouldNameTheKeyEachVariableOfTheDeploymentGuidesTableSets() {
        Matcher row = TABLE_ROW.matcher(DeployFiles.read(DeployFiles.file("docs/deployment.md")));
        int rows = 0;
        while (row.find()) {
            assertThat(EnvironmentSettings.keyOf(row.group(1))).as(row.group()).isEqualTo(row.group(2));
            rows++;
        }
        assertThat(rows).as("rows of the table of variables").isGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldPointOnlyToDocumentsAndHeadingsThatExist() {
        for (String file : MARKDOWN) {
            Path directory = DeployFiles.file(file).getParent();
            Matcher link = LINK.matcher(DeployFiles.read(DeployFiles.file(file)));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("[a-z]+:.*")) {
                    assertTarget(file, directory, target);
                }
            }
        }
        for (String file : DEPLOYMENT_FILES) {
            Matcher reference = DOCS_REFERENCE.matcher(DeployFiles.read(DeployFiles.file(file)));
            while (reference.find()) {
                assertTarget(file, DeployFiles.root(), reference.group());
            }
        }
    }

    private static void assertTarget(String file, Path directory, String target) {
        int hash = target.indexOf('#');
        Path path = directory.resolve(hash < 0 ? target : target.substring(0, hash)).normalize();
        assertThat(path).as("%s points to %s", file, target).exists();
        if (hash >= 0) {
            assertThat(anchors(path)).as("%s points to %s", file, target).contains(target.substring(hash + 1));
        }
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as '-'. */
    private static Set<String> anchors(Path markdown) {
        assertThat(Files.isRegularFile(markdown)).as("%s is a file", markdown).isTrue();
        Set<String> anchors = new LinkedHashSet<>();
        Matcher heading = HEADING.matcher(DeployFiles.read(markdown));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\w\\- ]", "").replace(' ', '-'));
        }
        return anchors;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
