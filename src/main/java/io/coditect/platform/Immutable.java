package io.coditect.platform;

import jakarta.enterprise.inject.Stereotype;
import jakarta.inject.Singleton;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bean whose state is fixed once it is built (settings, a client built from them): one instance,
 * injected as itself, so it needs no client proxy and no no-argument constructor for one.
 * {@code @Singleton} alone is not a bean-defining annotation, so the application's annotated bean
 * discovery (no {@code beans.xml}, on Open Liberty and Payara Micro alike) would not find it; a
 * stereotype is one, and gives its beans this default scope.
 */
@Stereotype
@Singleton
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Immutable {
}
