package io.coditect.relay;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of the gateway/agent ITs (JUnit's default class order in failsafe's gateway-agent
 * execution): the classes on {@link GatewayAgentFixture}'s shared pair first, then those that start
 * servers of their own, each group in the order given. A class with its own pair closes the shared
 * one, which a shared-pair class after it would have to start again (about 40 s).
 */
public final class SharedPairFirst implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(
                descriptor -> !GatewayAgentFixture.class.isAssignableFrom(descriptor.getTestClass())));
    }
}
