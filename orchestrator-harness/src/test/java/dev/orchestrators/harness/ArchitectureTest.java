package dev.orchestrators.harness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The bench and the chaos harness measure the runtime as users run it: through its public packages only. */
@AnalyzeClasses(packages = "dev.orchestrators.harness", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule harnessShouldNotUseRuntimeInternals = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.orchestrators.streams.internals..",
                    "dev.orchestrators.core.internal..")
            .because("what the harness measures is the public runtime; internals change without notice");
}
