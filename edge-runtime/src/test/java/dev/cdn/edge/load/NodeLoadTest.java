package dev.cdn.edge.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeLoadTest {

    @ParameterizedTest
    @CsvSource({"0, 10, 0.0", "5, 10, 0.5", "10, 10, 1.0", "25, 10, 1.0", "-1, 10, 0.0"})
    void of_isConnectionsOverCapacity_cappedAtOne(int connections, int capacity, double load) {
        assertThat(NodeLoad.of(connections, capacity)).isEqualTo(load);
    }

    @Test
    void of_refusesACapacityBelowOne() {
        assertThatThrownBy(() -> NodeLoad.of(1, 0)).hasMessageContaining("capacity");
    }
}
