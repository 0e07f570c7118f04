package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.platform.Drain;
import io.coditect.platform.ServerRole;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayShutdownTest {
    private final Drain drain = new Drain();
    private final GatewaySettings settings = new GatewaySettings("http://{workspace}.{namespace}.svc:8080", "coditect",
            1000, 1000, 7, 8, 262144);
    // What the drain said (readiness is DOWN exactly while draining) while clients were being told.
    private final List<Boolean> drainingWhileTelling = new ArrayList<>();
    private final List<Duration> timeouts = new ArrayList<>();

    /** The clients' side of a drain: they are told to re-attach elsewhere. */
    private final RemoteTerminalHost host = new RemoteTerminalHost() {
        @Override
        public int drainAll(Duration timeout) {
            timeouts.add(timeout);
            drainingWhileTelling.add(drain.draining());
            return 2;
        }
    };

    @Test
    void onStop_gatewayWithClients_drainingBeforeClientsAreToldAndAfter() {
        GatewayShutdown shutdown = new GatewayShutdown(new ServerRole("gateway"), drain, settings, new Only<>(host));
        shutdown.onStart(null);
        assertThat(drain.draining()).isFalse();

        shutdown.onStop(null);

        assertThat(drainingWhileTelling).containsExactly(true);
        assertThat(timeouts).containsExactly(Duration.ofSeconds(7));
        assertThat(drain.draining()).isTrue();
    }

    @Test
    void drainNow_calledTwice_clientsToldOnce() {
        GatewayShutdown shutdown = new GatewayShutdown(new ServerRole("gateway"), drain, settings, new Only<>(host));
        shutdown.onStart(null);

        shutdown.drainNow();
        shutdown.onStop(null);

        assertThat(drainingWhileTelling).hasSize(1);
    }

    @Test
    void onStop_standaloneServer_drainsNoRemoteClients() {
        GatewayShutdown shutdown = new GatewayShutdown(new ServerRole("standalone"), drain, settings, new Only<>(host));
        shutdown.onStart(null);

        shutdown.onStop(null);

        assertThat(drainingWhileTelling).isEmpty();
    }

    /** CDI's {@code Instance} of exactly one bean. */
    private record Only<T>(T bean) implements Instance<T> {
        @Override
        public T get() {
            return bean;
        }

        @Override
        public Iterator<T> iterator() {
            return List.of(bean).iterator();
        }

        @Override
        public Instance<T> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends T> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends T> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isUnsatisfied() {
            return false;
        }

        @Override
        public boolean isAmbiguous() {
            return false;
        }

        @Override
        public void destroy(T instance) {
        }

        @Override
        public Handle<T> getHandle() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<? extends Handle<T>> handles() {
            throw new UnsupportedOperationException();
        }
    }
}
