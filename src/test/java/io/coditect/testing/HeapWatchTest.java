package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.Test;

class HeapWatchTest {
    @Test
    void totalBytes_theHistogramsLastLine() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         91093        8392520  [B (java.base@25)
                   2:         85032        2040768  java.lang.String (java.base@25)
                Total        176125       10433288
                """;

        assertThat(HeapWatch.totalBytes(histogram)).isEqualTo(10_433_288L);
    }

    @Test
    void totalBytes_notAHistogram_fails() {
        assertThatThrownBy(() -> HeapWatch.totalBytes("12345:\ncom.sun.tools.attach.AttachNotSupportedException"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not a class histogram");
    }

    /**
     * The sampler blocks until the watch is closed, so it must not hold a common-pool worker: on 2
     * cores that is the only one, and the JDK's HttpClient completes every {@code sendAsync} there
     * (a WebSocket upgrade inside a watch never completed: HostileAgentGatewayAgentIT).
     */
    @Test
    void sampler_runsOnAThreadOfItsOwn_notInTheCommonPool() {
        try (HeapWatch watch = HeapWatch.of(new HeapWatch.Server(ProcessHandle.current().pid()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !samplers().isEmpty());
            assertThat(samplers()).as("threads running the watch's sampler").isNotEmpty()
                    .noneMatch(thread -> thread instanceof ForkJoinWorkerThread);
            assertThat(watch.peak(0)).isPositive();
        }
    }

    private static List<Thread> samplers() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> List.of(entry.getValue()).stream().anyMatch(frame ->
                        frame.getClassName().equals(HeapWatch.class.getName()) && frame.getMethodName().equals("sample")))
                .map(Map.Entry::getKey).toList();
    }
}
