package io.coditect.auth;

import io.coditect.platform.error.ApiException;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Enforces {@link RateLimited} on the methods that carry it. The caller is the authenticated user
 * (the same name as {@link CurrentCaller}), or the client address for a call without a user. Runs
 * after authentication, so a request without a valid token never spends anyone's budget.
 *
 * <p>JAX-RS keeps one instance of a provider per application, so the buckets live here. It makes
 * that instance itself, outside CDI, so the limits are read from MicroProfile Config
 * ({@link RateLimit#fromConfig}, the one home of the {@code coditect.rate-limit.*} keys) on first
 * use of each name.
 */
@Provider
@RateLimited("")
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {
    private final Config config;
    private final RateLimiter limiter;
    private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();

    @Context
    private ResourceInfo resource;
    @Context
    private HttpServletRequest servletRequest;

    public RateLimitFilter() {
        this(ConfigProvider.getConfig(), new RateLimiter(System::nanoTime));
    }

    RateLimitFilter(Config config, RateLimiter limiter) {
        this.config = config;
        this.limiter = limiter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String name = limitName(resource.getResourceMethod(), resource.getResourceClass());
        RateLimit limit = limits.computeIfAbsent(name, key -> RateLimit.fromConfig(config, key));
        long waitNanos = limiter.acquire(limit, callerKey());
        if (waitNanos > 0) {
            long seconds = RateLimiter.retryAfterSeconds(waitNanos);
            throw ApiException.tooManyRequests("rate_limited", "Too many " + name + " requests: at most "
                    + limit.requests() + " every " + limit.period().toSeconds() + " s; try again in " + seconds + " s.",
                    seconds);
        }
    }

    private String callerKey() {
        Principal principal = servletRequest.getUserPrincipal();
        String user = principal instanceof JsonWebToken token ? CurrentCaller.nameOf(token)
                : principal == null ? null : principal.getName();
        return user != null ? "user:" + user : "client:" + servletRequest.getRemoteAddr();
    }

    private static String limitName(Method method, Class<?> type) {
        RateLimited binding = method.getAnnotation(RateLimited.class);
        if (binding == null) {
            binding = type.getAnnotation(RateLimited.class);
        }
        if (binding == null || binding.value().isBlank()) {
            throw new IllegalStateException("@RateLimited on " + method + " needs the name of a limit");
        }
        return binding.value();
    }
}
