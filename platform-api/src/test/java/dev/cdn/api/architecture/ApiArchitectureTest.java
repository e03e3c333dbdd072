package dev.cdn.api.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cdn.api.PlatformApiApplication;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The control plane's package rules (docs/architecture.md, "Architecture rules"), checked against the compiled main
 * classes: features depend one way, errors and security know no feature, and nothing blocks a WebFlux thread on JDBC.
 */
class ApiArchitectureTest {

    private static final String ROOT = "dev.cdn.api";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /**
     * Together with {@link #rootPackage_dependsOnNoFeature}, no cycle at all (ArchUnit's {@code (*)} slices leave the
     * root package out). The database support features share (LISTEN on a pooled connection, PostgresConnections)
     * belongs to the root package, beside the rest of the database setup, where any feature may use it.
     */
    @Test
    void featurePackages_formNoCycles() {
        slices().matching(ROOT + ".(*)..").namingSlices("$1").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void rootPackage_dependsOnNoFeature() {
        // The application class and the database setup: every feature may use them, so they use no feature.
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".*..")
                .check(MAIN);
    }

    @Test
    void errorModel_knowsNoFeature() {
        // One place maps errors to status codes and problem bodies (RFC 9457); a feature type in it would pull every
        // feature into every other.
        noClasses().that().resideInAPackage(ROOT + ".error..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".error..")))
                .check(MAIN);
    }

    @Test
    void security_knowsNoFeatureButErrors() {
        // Who may call what is decided from the route table and the principal, never from a feature's internals.
        noClasses().that().resideInAPackage(ROOT + ".security..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackages(ROOT + ".security..", ROOT + ".error..")))
                .check(MAIN);
    }

    @Test
    void nothing_usesBlockingJdbc() {
        // Every query goes through R2DBC: one JDBC call on a WebFlux thread stalls every request it serves. (Flyway
        // alone speaks JDBC, at start-up; reading the SQLSTATE of its refused login, DatabaseCredentialsConfig, is
        // the one JDBC type a class of ours may name: an exception, not a call.)
        noClasses().that().resideInAPackage(ROOT + "..")
                .should().dependOnClassesThat(resideInAnyPackage("java.sql..", "org.springframework.jdbc..",
                        "org.postgresql..").and(not(equivalentTo(java.sql.SQLException.class))))
                .check(MAIN);
    }

    @Test
    void controllers_neverTouchTheR2dbcDriverDirectly() {
        // Controllers query through Spring's DatabaseClient (which opens, closes and releases connections on every
        // path); a connection or statement taken from the driver by hand leaks from the pool on the first error path
        // that forgets it. Reading a row's columns is fine. Only LISTEN needs the driver's connection.
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().belongToAnyOf(io.r2dbc.spi.Connection.class,
                        io.r2dbc.spi.ConnectionFactory.class, io.r2dbc.spi.Statement.class, io.r2dbc.spi.Batch.class)
                .orShould().dependOnClassesThat().resideInAPackage("io.r2dbc.postgresql.api..")
                .check(MAIN);
    }

    @Test
    void features_neverDependOnTheApplicationClass() {
        noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat().belongToAnyOf(PlatformApiApplication.class)
                .check(MAIN);
    }
}
