package io.coditect.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coditect.platform.error.BoundedInputStream;
import io.coditect.platform.error.RequestBodyTooLargeException;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {
    @Test
    void read_atLimit_allBytes() throws Exception {
        var in = new BoundedInputStream(new ByteArrayInputStream(new byte[100]), 100);

        assertThat(in.readAllBytes()).hasSize(100);
    }

    @Test
    void read_overLimit_failsWithoutReadingTheRest() {
        var source = new ByteArrayInputStream(new byte[1_000_000]);
        var in = new BoundedInputStream(source, 100);

        assertThatThrownBy(in::readAllBytes).isInstanceOf(RequestBodyTooLargeException.class)
                .hasMessageContaining("100 bytes");
        assertThat(source.available()).isGreaterThan(900_000);
    }
}
