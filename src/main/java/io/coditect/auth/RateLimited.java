package io.coditect.auth;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one caller may call a REST method: {@code @RateLimited("create")} draws on the
 * caller's {@code create} budget, configured by {@code coditect.rate-limit.create.requests} per
 * {@code coditect.rate-limit.create.period-seconds}. Methods that share a name share the budget.
 * Over the limit, the call is refused with 429 {@code rate_limited} and {@code Retry-After}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {
    /** The name of the limit, the middle of its configuration keys. */
    String value();
}
