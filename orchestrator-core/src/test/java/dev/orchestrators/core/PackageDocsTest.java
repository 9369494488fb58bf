package dev.orchestrators.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every package of orchestrator-core says what it is for, in a package-info whose javadoc a newcomer reads first; and
 * the check that holds it to that finds each way a package can fail to say it.
 */
class PackageDocsTest {
    @TempDir
    Path sources;

    @Test
    void shouldDocumentEveryPackageOfTheMainSources() {
        // given
        Path mainSources = PackageDocs.mainSources();

        // when
        Map<String, String> undocumented = PackageDocs.undocumented(mainSources);

        // then
        assertThat(PackageDocs.packages(mainSources)).contains("dev.orchestrators.core.orchestrator");
        assertThat(undocumented).withFailMessage(() -> PackageDocs.report(undocumented)).isEmpty();
    }

    @Test
    void shouldReportAPackageWithoutPackageInfo() throws IOException {
        // given
        write("a/b/Thing.java", "package a.b; class Thing {}");

        // when
        Map<String, String> undocumented = PackageDocs.undocumented(sources);

        // then
        assertThat(undocumented).containsExactly(Map.entry("a.b", "no package-info.java"));
        assertThat(PackageDocs.report(undocumented)).contains("a.b: no package-info.java");
    }

    static Stream<Arguments> packageInfosThatSayNothing() {
        return Stream.of(
                Arguments.of("a plain comment", "/* a plain comment */\npackage a;\n", "no javadoc comment"),
                Arguments.of("an empty javadoc", "/**\n *\n */\npackage a;\n", "empty javadoc"),
                Arguments.of("another package's", "/** Things. */\npackage b;\n", "declares package b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packageInfosThatSayNothing")
    void shouldReportAPackageInfoThatDoesNotSayWhatThePackageIsFor(String what, String packageInfo, String problem)
            throws IOException {
        // given
        write("a/Thing.java", "package a; class Thing {}");
        write("a/package-info.java", packageInfo);

        // when
        Map<String, String> undocumented = PackageDocs.undocumented(sources);

        // then
        assertThat(undocumented).containsOnlyKeys("a");
        assertThat(undocumented.get("a")).contains(problem);
    }

    @Test
    void shouldAcceptAJavadocThatSaysSomethingAndIgnoreDirectoriesWithoutTypes() throws IOException {
        // given
        write("a/b/Thing.java", "package a.b; class Thing {}");
        write("a/b/package-info.java", "/**\n * Things, and what they are for.\n */\npackage a.b;\n");
        Files.createDirectories(sources.resolve("a/empty"));

        // when
        Map<String, String> undocumented = PackageDocs.undocumented(sources);

        // then
        assertThat(undocumented).isEmpty();
        assertThat(PackageDocs.packages(sources)).containsExactly("a.b");
    }

    private void write(String file, String text) throws IOException {
        Path path = sources.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
