package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
