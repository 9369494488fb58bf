package dev.orchestrators.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The command line is a user of the runtime like any other: it goes through the public packages only. */
@AnalyzeClasses(packages = "dev.orchestrators.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule commandsShouldNotUseRuntimeInternals = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.orchestrators.streams.internals..",
                    "dev.orchestrators.core.internal..")
            .because("what the commands need of the runtime is public API; internals change without notice");
}
