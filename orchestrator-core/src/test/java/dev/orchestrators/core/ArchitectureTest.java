package dev.orchestrators.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package rules of orchestrator-core. */
@AnalyzeClasses(packages = "dev.orchestrators.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreShouldNotDependOnKafka = noClasses()
            .that().resideInAPackage("dev.orchestrators.core..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
            .because("orchestrator-core holds the contracts; only orchestrator-streams may use Kafka");

    @ArchTest
    static final ArchRule envelopeShouldNotDependOnOrchestrators = noClasses()
            .that().resideInAPackage("dev.orchestrators.core.envelope..")
            .should().dependOnClassesThat().resideInAPackage("dev.orchestrators.core.orchestrator..")
            .because("the envelope is the wire format every orchestrator produces; it must not know about them");

    @ArchTest
    static final ArchRule contractsShouldNotDependOnPlumbing = noClasses()
            .that().resideOutsideOfPackages("dev.orchestrators.core.internal..", "dev.orchestrators.core.orchestrator..",
                    "dev.orchestrators.core.kinds..")
            .should().dependOnClassesThat().resideInAPackage("dev.orchestrators.core.internal..")
            .because("core.internal is the plumbing of in-process runs: only the orchestrator base and the kinds use it; "
                    + "contracts (envelope, errors, tools, stores, config) stand without it");
}
