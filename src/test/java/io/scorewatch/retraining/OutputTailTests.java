package io.scorewatch.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OutputTailTests {

    @Test
    void aShortStreamIsKeptWhole() {
        OutputTail tail = new OutputTail(16);
        tail.drain(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(tail.text()).isEqualTo("hello\n");
        assertThat(tail.total()).isEqualTo(6);
    }

    @Test
    void nothingWrittenIsNull() {
        assertThat(new OutputTail(16).text()).isNull();
    }

    @Test
    void aLongStreamKeepsItsLastBytesAndSaysHowMuchWasCut() {
        OutputTail tail = new OutputTail(10);
        for (int line = 0; line < 100; line++) {
            byte[] bytes = ("line " + line + "\n").getBytes(StandardCharsets.UTF_8);
            tail.write(bytes, 0, bytes.length);
        }
        // 10 lines of 7 bytes, 90 of 8: 790 bytes, the last 10 kept
        assertThat(tail.total()).isEqualTo(790);
        assertThat(tail.text()).isEqualTo("[780 earlier bytes cut]\n8\nline 99\n");
    }

    @Test
    void oneWriteLongerThanTheLimitKeepsItsEnd() {
        OutputTail tail = new OutputTail(4);
        byte[] bytes = "abcdefghij".getBytes(StandardCharsets.US_ASCII);
        tail.write(bytes, 0, 3);
        tail.write(bytes, 0, bytes.length);
        assertThat(tail.text()).isEqualTo("[9 earlier bytes cut]\nghij");
    }

    @Test
    void aCharacterCutInTwoAtTheStartIsDropped() {
        OutputTail tail = new OutputTail(4);
        byte[] bytes = "aé€".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 bytes
        tail.write(bytes, 0, bytes.length);
        // the last 4 bytes start inside é: its second byte is dropped too
        assertThat(tail.text()).isEqualTo("[3 earlier bytes cut]\n€");
    }
}
