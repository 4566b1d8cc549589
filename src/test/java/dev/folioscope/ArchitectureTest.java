package dev.folioscope;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The four rooms point only downwards: web → recording → kernel ← scenario. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.folioscope");

    @Test
    void theKernelIsPureJava() {
        noClasses().that().resideInAPackage("dev.folioscope.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..",
                        "dev.folioscope.recording..", "dev.folioscope.scenario..", "dev.folioscope.web..",
                        "dev.folioscope.catalog..", "dev.folioscope.cli..")
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
