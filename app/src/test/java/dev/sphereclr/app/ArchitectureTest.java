package dev.sphereclr.app;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, checked on the compiled classes of every module: the encoder is at the
 * bottom with the runtime (launcher, lock) above it, data flows augment -> pretrain -> linear-eval
 * -> spark, nothing runs back, only the app (the command line) reaches into bench, nothing reaches
 * into the app, and no two packages import each other, directly or round a loop.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.sphereclr");
    }

    @Test
    void everyModuleIsThere() {
        for (String module :
                new String[] {
                    "encoder", "runtime", "augment", "pretrain", "eval", "spark", "bench", "app"
                }) {
            org.junit.jupiter.api.Assertions.assertTrue(
                    classes.containPackage("dev.sphereclr." + module),
                    "no classes of " + module + " found: the check would see nothing");
        }
    }

    @Test
    void modulesDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("encoder")
                .definedBy("dev.sphereclr.encoder..")
                .layer("runtime")
                .definedBy("dev.sphereclr.runtime..")
                .layer("augment")
                .definedBy("dev.sphereclr.augment..")
                .layer("pretrain")
                .definedBy("dev.sphereclr.pretrain..")
                .layer("linear-eval")
                .definedBy("dev.sphereclr.eval..")
                .layer("spark")
                .definedBy("dev.sphereclr.spark..")
                .layer("bench")
                .definedBy("dev.sphereclr.bench..")
                .layer("app")
                .definedBy("dev.sphereclr.app..")
                .whereLayer("app")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("bench")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("spark")
                .mayOnlyBeAccessedByLayers("bench", "app")
                .whereLayer("linear-eval")
                .mayOnlyBeAccessedByLayers("spark", "bench", "app")
                .whereLayer("pretrain")
                .mayOnlyBeAccessedByLayers("linear-eval", "bench", "app")
                .whereLayer("augment")
                .mayOnlyBeAccessedByLayers("pretrain", "linear-eval", "bench", "app")
                .whereLayer("runtime")
                .mayOnlyBeAccessedByLayers(
                        "augment", "pretrain", "linear-eval", "spark", "bench", "app")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.sphereclr.(**)").should().beFreeOfCycles().check(classes);
    }
}
