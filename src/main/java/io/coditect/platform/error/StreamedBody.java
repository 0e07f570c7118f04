package io.coditect.platform.error;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that streams its request body (a file) and applies a limit of its own:
 * {@link RequestBodyLimitFilter}'s JSON body limit does not apply to it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StreamedBody {
}
