package io.coditect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethod;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * No test is vacuous: every test method asserts something (directly, or through the test code it
 * calls, lambdas included), and no test skips itself without a reason that the report prints.
 * An assertion is a call into AssertJ, JUnit's {@code Assertions} (including {@code assertThrows}
 * and {@code fail}), Awaitility's {@code until...}, a Selenium wait, or throwing an
 * {@link AssertionError}. A test that only runs code and waits for no exception says nothing
 * about what the code did.
 */
class VacuousTestsTest {
    /** The compiled test classes (their directory only: scanning the class path for them takes long). */
    private static final JavaClasses TESTS = new ClassFileImporter()
            .importPath(testClasses());
    private static final List<String> ASSERTION_PACKAGES = List.of("org.assertj.core.", "org.awaitility.");
    private static final Set<String> ASSERTION_CLASSES = Set.of("org.junit.jupiter.api.Assertions",
            "org.openqa.selenium.support.ui.FluentWait", "org.openqa.selenium.support.ui.WebDriverWait",
            "java.lang.AssertionError", "com.tngtech.archunit.lang.ArchRule");
    private static final String ASSUMPTIONS = "org.junit.jupiter.api.Assumptions";

    @Test
    void everyTestMethod_asserts() {
        ArchRule rule = methods().that().areAnnotatedWith(Test.class)
                .or().areAnnotatedWith(ParameterizedTest.class)
                .or().areAnnotatedWith(RepeatedTest.class)
                .or().areAnnotatedWith(TestFactory.class)
                .or().areAnnotatedWith(net.jqwik.api.Property.class)
                .should(reachAnAssertion());

        rule.check(TESTS);
    }

    @Test
    void everyAssumption_givesItsReason() {
        ArchRule rule = noClasses().should().callMethodWhere(new DescribedPredicate<JavaMethodCall>(
                "an assumption without a message (a skip the report cannot explain)") {
            @Override
            public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().getName().equals(ASSUMPTIONS)
                        && call.getTarget().getRawParameterTypes().stream().noneMatch(type ->
                                type.getName().equals(String.class.getName())
                                        || type.getName().equals("java.util.function.Supplier"));
            }
        });

        rule.check(TESTS);
    }

    /** The test method, or test code it calls (transitively, within this project's test classes), asserts. */
    private static ArchCondition<JavaMethod> reachAnAssertion() {
        return new ArchCondition<>("call an assertion (AssertJ, JUnit Assertions, Awaitility, a Selenium wait)") {
            @Override
            public void check(JavaMethod test, ConditionEvents events) {
                if (!asserts(test)) {
                    events.add(SimpleConditionEvent.violated(test, test.getFullName() + " asserts nothing"));
                }
            }
        };
    }

    private static boolean asserts(JavaMethod test) {
        Deque<JavaCodeUnit> pending = new ArrayDeque<>(List.of(test));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            JavaCodeUnit unit = pending.pop();
            if (!seen.add(unit.getFullName())) {
                continue;
            }
            for (JavaCall<?> call : unit.getCallsFromSelf()) {
                String owner = call.getTargetOwner().getName();
                if (isAssertion(owner)) {
                    return true;
                }
                if (owner.startsWith("io.coditect.") && TESTS.contain(owner)) {
                    call.getTarget().resolveMember().ifPresent(pending::push);
                }
            }
        }
        return false;
    }

    private static Path testClasses() {
        try {
            return Path.of(VacuousTestsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isAssertion(String owner) {
        return ASSERTION_CLASSES.contains(owner) || ASSERTION_PACKAGES.stream().anyMatch(owner::startsWith);
    }
}
