package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void feed_reassemblesLinesSplitAcrossChunks_atEveryPossibleBoundary() {
        byte[] stream = "{\"seq\":1,\"name\":\"caf\u00e9 \u2603\"}\n{\"seq\":2}\r\n\n{\"seq\":3}\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= stream.length; cut++) {
            LineSplitter splitter = new LineSplitter(1024);
            List<String> lines = new ArrayList<>(splitter.feed(Arrays.copyOfRange(stream, 0, cut)));
            lines.addAll(splitter.feed(Arrays.copyOfRange(stream, cut, stream.length)));
            assertThat(lines).as("cut at %d", cut)
                    .containsExactly("{\"seq\":1,\"name\":\"caf\u00e9 \u2603\"}", "{\"seq\":2}", "", "{\"seq\":3}");
        }
    }

    @Test
    void feed_keepsAnUnfinishedLineUntilItsNewline() {
        LineSplitter splitter = new LineSplitter(1024);
        assertThat(splitter.feed("{\"seq\":".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(splitter.feed("7}\n".getBytes(StandardCharsets.UTF_8))).containsExactly("{\"seq\":7}");
    }

    @Test
    void feed_refusesALineLongerThanTheLimit() {
        LineSplitter splitter = new LineSplitter(8);
        assertThatThrownBy(() -> splitter.feed("0123456789".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("longer than 8 bytes");
    }
}
