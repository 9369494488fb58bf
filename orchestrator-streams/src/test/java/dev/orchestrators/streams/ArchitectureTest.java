package dev.orchestrators.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Package rules of orchestrator-streams: what users call lives in public packages, and what they call never makes
 * them name a type of {@code internals}; the runtime uses core's contracts, never core's internal plumbing.
 */
@AnalyzeClasses(packages = "dev.orchestrators.streams", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String INTERNALS = "dev.orchestrators.streams.internals..";

    @ArchTest
    static final ArchRule publicApiShouldNotExposeInternals = classes()
            .that().resideOutsideOfPackage(INTERNALS).and().arePublic()
            .should(exposeNoInternalType())
            .because("a user of the public packages must never have to name a type of internals");

    @ArchTest
    static final ArchRule runtimeShouldNotUseCorePlumbing = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.orchestrators.core.internal..")
            .because("core.internal is core's own plumbing; the runtime goes through core's contracts");

    @ArchTest
    static final ArchRule internalsShouldNotDependOnTheCommandLine = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.orchestrators.cli..")
            .because("the runtime library is embedded without the command line");

    /** No public or protected member of the class has an internal type in its signature. */
    static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no type of " + INTERNALS + " in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean subclassable = !type.getModifiers().contains(JavaModifier.FINAL) && !type.isEnum() && !type.isRecord();
                for (JavaCodeUnit member : type.getCodeUnits()) {
                    if (visible(member.getModifiers(), subclassable)) {
                        Stream.concat(Stream.of(member.getRawReturnType()), member.getRawParameterTypes().stream())
                                .filter(ArchitectureTest::internal)
                                .forEach(t -> events.add(SimpleConditionEvent.violated(member,
                                        member.getFullName() + " exposes " + t.getName())));
                    }
                }
                for (JavaField field : type.getFields()) {
                    if (visible(field.getModifiers(), subclassable) && internal(field.getRawType())) {
                        events.add(SimpleConditionEvent.violated(field, field.getFullName() + " exposes " + field.getRawType().getName()));
                    }
                }
            }
        };
    }

    private static boolean visible(Set<JavaModifier> modifiers, boolean subclassable) {
        return modifiers.contains(JavaModifier.PUBLIC) || subclassable && modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean internal(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return base.getPackageName().startsWith("dev.orchestrators.streams.internals");
    }
}
