package dev.cdn.edge.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The edge's package rules (docs/architecture.md, "Architecture rules"), checked against the compiled main classes.
 * Each rule guards a mistake that is easy to make and costly to find later; a rule names the packages it holds for,
 * so a new package is not covered by accident.
 */
class EdgeArchitectureTest {

    private static final String ROOT = "dev.cdn.edge";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Packages a client request runs through on an event loop. */
    private static final String[] REQUEST_PATH = {ROOT + ".proxy..", ROOT + ".key..", ROOT + ".policy..",
            ROOT + ".coalesce..", ROOT + ".logic..", ROOT + ".routing..", ROOT + ".esi.."};

    /**
     * Together with {@link #onlyTheRootPackage_composesTheNode}, no cycle at all: a cycle through the root package
     * would need a feature that depends on it. ArchUnit's {@code (*)} slices leave the root package out.
     */
    @Test
    void featurePackages_formNoCycles() {
        slices().matching(ROOT + ".(*)..").namingSlices("$1").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * EdgeMain, EdgeNode and its pieces wire every feature together; a feature that reaches back into them closes a
     * cycle through every other feature. The node's settings (which name types of the features they configure) and its role
     * (which depends on nothing) are read by nearly every feature: they live in packages of their own, {@code settings}
     * and {@code role}, where the slices rule covers them.
     */
    @Test
    void onlyTheRootPackage_composesTheNode() {
        noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat(resideInAPackage(ROOT))
                .check(MAIN);
    }

    @Test
    void storageTiers_neverDependOnTheRequestPath() {
        // The tiers, their admission and eviction are replaceable parts the request path composes, not the reverse.
        noClasses().that().resideInAnyPackage(ROOT + ".store..", ROOT + ".eviction..", ROOT + ".admission..",
                        ROOT + ".memory..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".proxy..", ROOT + ".coalesce..",
                        ROOT + ".esi..", ROOT + ".control..", ROOT + ".admin..")
                .check(MAIN);
    }

    @Test
    void requestPath_neverUsesBlockingFileOrJdbcApis() {
        // Files are the disk tier's, behind the storage interface (its reads and writes run off the event loop);
        // a file or database call on the request path would block an event loop (BlockHound finds it only when a
        // test happens to reach it).
        noClasses().that().resideInAnyPackage(REQUEST_PATH)
                .should().dependOnClassesThat().haveFullyQualifiedName(java.io.File.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileInputStream.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.FileOutputStream.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.io.RandomAccessFile.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.nio.file.Files.class.getName())
                .orShould().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(MAIN);
    }

    @Test
    void httpCachingRules_arePureFunctions() {
        // policy/ computes freshness, Cache-Control and Vary from values it is given (RFC 9111): no clock of its own,
        // no network, so table tests pin it down.
        noClasses().that().resideInAPackage(ROOT + ".policy..")
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().dependOnClassesThat().resideInAnyPackage("reactor..", "io.netty.channel..",
                        "java.net.http..")
                .check(MAIN);
    }
}
