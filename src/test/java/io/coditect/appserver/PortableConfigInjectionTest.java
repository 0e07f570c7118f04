package io.coditect.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.coditect.platform.CoditectApplication;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The WAR's configuration injection works on every MicroProfile Config the docs name: no
 * {@code @ConfigProperty} of a nested generic type such as {@code Optional<List<String>>}, which
 * Payara Micro's config producer cannot inject (it casts the inner type to a class and the whole
 * application fails to deploy). Such a list is read with {@code Config#getOptionalValues}.
 * {@link PayaraMicroAppServerIT} is what shows the failure; this finds it in seconds.
 */
class PortableConfigInjectionTest {

    @Test
    void configProperties_haveNoNestedGenericType() throws Exception {
        List<String> offending = new ArrayList<>();
        for (JavaClass imported : new ClassFileImporter().importPath(productClasses())) {
            Class<?> type = Class.forName(imported.getName(), false, getClass().getClassLoader());
            Stream.of(type.getDeclaredFields()).filter(PortableConfigInjectionTest::isConfigProperty)
                    .filter(field -> nestedGeneric(field.getGenericType()))
                    .forEach(field -> offending.add(type.getName() + "." + field.getName() + ": " + field.getGenericType()));
            Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                    .flatMap(executable -> Stream.of(executable.getParameters()))
                    .filter(PortableConfigInjectionTest::isConfigProperty)
                    .filter(parameter -> nestedGeneric(parameter.getParameterizedType()))
                    .forEach(parameter -> offending.add(type.getName() + "(" + parameter.getParameterizedType() + ")"));
        }
        assertThat(offending).as("@ConfigProperty injections of a nested generic type (read them with Config#getOptionalValues)")
                .isEmpty();
    }

    private static boolean isConfigProperty(AnnotatedElement element) {
        return element.isAnnotationPresent(ConfigProperty.class);
    }

    /** {@code Optional<List<String>>} and the like: a type argument that is itself parameterized. */
    private static boolean nestedGeneric(Type type) {
        return type instanceof ParameterizedType parameterized
                && Stream.of(parameterized.getActualTypeArguments()).anyMatch(ParameterizedType.class::isInstance);
    }

    private static Path productClasses() throws URISyntaxException {
        return Path.of(CoditectApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
