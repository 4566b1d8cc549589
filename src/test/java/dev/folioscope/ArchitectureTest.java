package dev.folioscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rooms point only downwards (web → recording → kernel ← scenario), the kernel is pure Java,
 * no package depends on itself in a circle, and nothing that decides what a recording holds
 * (the kernel and the scenario's workload) can behave differently from run to run.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.folioscope");

    @Test
    void theKernelUsesNothingButJavaAndItself() {
        classes().that().resideInAPackage("dev.folioscope.kernel..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.folioscope.kernel..")
                .check(CLASSES);
    }

    @Test
    void noPackageDependsOnItselfInACircle() {
        slices().matching("dev.folioscope.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theKernelAndTheScenariosAreDeterministic() {
        noClasses().that().resideInAnyPackage("dev.folioscope.kernel..", "dev.folioscope.scenario..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Hashtable")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.time..")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Math.class, "random")
                .because("the same scenario must give the same recording, bit for bit: no unseeded randomness,"
                        + " no clock, no threads, no iteration in hash order")
                .check(CLASSES);
    }

    @Test
    void recordingKnowsNoScenarioNorUi() {
        noClasses().that().resideInAPackage("dev.folioscope.recording..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..",
                        "dev.folioscope.scenario..", "dev.folioscope.web..", "dev.folioscope.cli..")
                .check(CLASSES);
    }

    @Test
    void scenarioKnowsNoRecordingNorUi() {
        noClasses().that().resideInAPackage("dev.folioscope.scenario..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..",
                        "dev.folioscope.recording..", "dev.folioscope.web..", "dev.folioscope.cli..")
                .check(CLASSES);
    }

    @Test
    void theCommandLineStartsNoWebServer() {
        noClasses().that().resideInAPackage("dev.folioscope.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..",
                        "dev.folioscope.web..")
                .check(CLASSES);
    }
}
