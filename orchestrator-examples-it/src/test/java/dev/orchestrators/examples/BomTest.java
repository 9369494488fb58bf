package dev.orchestrators.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The BOM users import lists every module the build publishes, at the build's version. */
class BomTest {
    private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
    private static final Pom BOM = Pom.read(ROOT.resolve("orchestrator-bom/pom.xml"));

    @Test
    void shouldListEveryPublishedModuleAndNothingElse() {
        // given: every module of the build but the BOM and those that skip deployment (not published)
        List<String> published = Pom.read(ROOT.resolve("pom.xml")).texts("modules", "module").stream()
                .filter(module -> !module.equals("orchestrator-bom"))
                .filter(module -> !Pom.read(ROOT.resolve(module).resolve("pom.xml"))
                        .text("properties/maven.deploy.skip").orElse("false").equals("true"))
                .toList();

        // when
        List<Element> managed = BOM.elements("dependencyManagement/dependencies", "dependency");

        // then
        assertThat(managed).extracting(d -> Pom.childText(d, "artifactId")).containsExactlyInAnyOrderElementsOf(published);
        assertThat(managed).allSatisfy(d -> {
            assertThat(Pom.childText(d, "groupId")).isEqualTo("dev.orchestrators");
            assertThat(Pom.childText(d, "version")).isEqualTo("${project.version}");
            assertThat(Pom.childText(d, "type")).as("a jar, not a test-jar").isEmpty();
        });
    }

    @Test
    void shouldInheritTheBuildsVersionAndThirdPartyVersionsFromTheParent() {
        assertThat(BOM.text("parent/artifactId")).contains("kafka-orchestrators-parent");
        assertThat(BOM.text("version")).as("the parent's version, inherited").isEmpty();
        assertThat(BOM.text("packaging")).contains("pom");
    }
}
