package io.coditect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md over the compiled product classes: packages by
 * capability with no cycles, and each third-party library with a job of its own kept to the
 * package that does that job.
 */
class ArchitectureTest {
    /** The product's compiled classes (their directory only: scanning the class path takes long). */
    private static final JavaClasses PRODUCT = new ClassFileImporter().importPath(productClasses());

    @Test
    void capabilities_dependOnEachOtherWithoutCycles() {
        holds(slices().matching("io.coditect.(*)..").should().beFreeOfCycles());
    }

    /**
     * The terminal package is its API (hosts, attachments, the REST resources) and four parts: the
     * wire protocol, the attach endpoint, the local engine and the saved sessions. The API needs
     * none of the parts but the wire; the saved sessions do not know the engine that they save.
     */
    @Test
    void terminal_partsWithoutCycles_theApiNeedsOnlyTheWire() {
        holds(slices().assignedFrom(TERMINAL_PARTS).should().beFreeOfCycles());
        holds(noClasses().that().resideInAPackage("io.coditect.terminal")
                .should().dependOnClassesThat().resideInAnyPackage("io.coditect.terminal.attach..",
                        "io.coditect.terminal.engine..", "io.coditect.terminal.persistence..", "io.coditect.relay.."));
        holds(noClasses().that().resideInAPackage("io.coditect.terminal.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("io.coditect.terminal.engine..",
                        "io.coditect.terminal.attach.."));
        holds(noClasses().that().resideInAPackage("io.coditect.terminal.wire..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.coditect.terminal.wire..", "java..", "jakarta.json.."));
    }

    @Test
    void fabric8_onlyInWorkspaceKubernetes() {
        holds(noClasses().that().resideOutsideOfPackage("io.coditect.workspace.kubernetes..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.."));
    }

    @Test
    void storeBackends_onlyInStore() {
        holds(noClasses().that().resideOutsideOfPackage("io.coditect.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.coditect.store.embedded..", "io.coditect.store.foundationdb.."));
    }

    /**
     * The PTY engine (pty4j, and JNA for the event loop's system calls) is in the terminal engine's
     * package; the one other native caller is {@code files.RegularFiles}, which opens files
     * with {@code O_NOFOLLOW} through JNA, as confinement needs.
     */
    @Test
    void ptyAndNativeCalls_onlyInTheTerminalEngine() {
        holds(noClasses().that().resideOutsideOfPackage("io.coditect.terminal.engine")
                .should().dependOnClassesThat().resideInAPackage("com.pty4j.."));
        holds(noClasses().that().resideOutsideOfPackage("io.coditect.terminal.engine")
                .and().doNotHaveFullyQualifiedName("io.coditect.files.RegularFiles")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna.."));
    }

    /** The terminal package's own classes as one slice ("api"), and each subpackage as one. */
    private static final SliceAssignment TERMINAL_PARTS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals("io.coditect.terminal")) {
                return SliceIdentifier.of("api");
            }
            return name.startsWith("io.coditect.terminal.")
                    ? SliceIdentifier.of(name.substring("io.coditect.terminal.".length()).split("\\.")[0])
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the terminal API and its parts";
        }
    };

    private static void holds(ArchRule rule) {
        rule.check(PRODUCT);
    }

    private static Path productClasses() {
        try {
            return Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolveSibling("classes");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
