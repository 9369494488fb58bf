package dev.orchestrators.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrators.core.PackageDocs;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Every package of orchestrator-streams says what it is for, in a package-info whose javadoc a newcomer reads first. */
class PackageDocsTest {

    @Test
    void shouldDocumentEveryPackageOfTheMainSources() {
        // given
        Path mainSources = PackageDocs.mainSources();

        // when
        SortedMap<String, String> undocumented = PackageDocs.undocumented(mainSources);

        // then
        assertThat(PackageDocs.packages(mainSources)).contains("dev.orchestrators.streams.internals.engine");
        assertThat(undocumented).withFailMessage(() -> PackageDocs.report(undocumented)).isEmpty();
    }
}
