package dev.cdn.config.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.config.DiskUnverifiedPeriod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every wire message survives the trip from a node ({@link WireCodec}) to the control plane, read with the settings
 * the control plane's JSON reader uses (unknown properties are errors there by default, nulls for primitives are
 * not), so a record's shape cannot drift from what the other side reads.
 */
class WireRoundTripTest {

    /** The control plane's reader: spring.jackson.deserialization.* in platform-api's application.properties. */
    private static final JsonMapper CONTROL_PLANE = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final String SERVICE = "7f1c1b9e-3c43-4f57-9a55-0d4b8c1f2a10";
    private static final String PURGE = "0b6c2c43-5d0e-4b0e-8f35-2f1f3a7c9d21";

    private static <T> T trip(T message, Class<T> type) {
        return CONTROL_PLANE.readValue(WireCodec.writeBytes(message), type);
    }

    private static String json(Object message) {
        return new String(WireCodec.writeBytes(message), StandardCharsets.UTF_8);
    }

    @Test
    void ack_applied_roundTrips() {
        Ack ack = Ack.applied(12, SERVICE, 3L, null);
        assertThat(trip(ack, Ack.class)).isEqualTo(ack);
        assertThat(json(ack)).contains("\"status\":\"applied\"").doesNotContain("purgeId").doesNotContain("error");
    }

    @Test
    void ack_failed_roundTripsWithItsError() {
        Ack ack = Ack.failed(13, SERVICE, null, PURGE, "rules[0]: broken");
        assertThat(trip(ack, Ack.class)).isEqualTo(ack);
        assertThat(json(ack)).contains("\"status\":\"failed\"");
    }

    @Test
    void ackBatch_roundTrips() {
        AckBatch batch = new AckBatch("edge-1", NodeRole.SHIELD, "fra",
                List.of(Ack.applied(1, SERVICE, 1L, null), Ack.failed(2, SERVICE, null, PURGE, "no")));
        assertThat(trip(batch, AckBatch.class)).isEqualTo(batch);
        assertThat(json(batch)).contains("\"role\":\"shield\"").doesNotContain("diskUnverified");
    }

    @Test
    void ackBatch_withDiskUnverified_roundTrips() {
        AckBatch batch = new AckBatch("edge-1", NodeRole.EDGE, "fra", List.of(),
                new DiskUnverifiedPeriod(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:09.5Z"), 42));
        assertThat(trip(batch, AckBatch.class)).isEqualTo(batch);
        assertThat(json(batch)).contains("\"since\":\"2026-01-01T00:00:00Z\"");
    }

    @Test
    void statsReport_roundTripsEveryCounter() {
        StatsReport report = new StatsReport("edge-1", NodeRole.EDGE, List.of(new ServiceCounters(SERVICE,
                Instant.parse("2026-01-01T00:01:00Z"), 10, 6, 3, 1, 0, 1000, 300, 3, 1, 8, 1, 1, 0, List.of(1L, 2L, 0L),
                List.of(new UrlCount("/a", 7, 700)),
                List.of(new VariantCount("exp", "b", 5, 3, 2, 4, 1, 0, 0, 2, 80)))),
                List.of(new OriginHealthReport(SERVICE, "main", OriginHealthStatus.UNHEALTHY,
                        Instant.parse("2026-01-01T00:00:30Z"), Instant.parse("2026-01-01T00:00:35Z"),
                        "connect refused", Instant.parse("2026-01-01T00:00:35Z"))));
        assertThat(trip(report, StatsReport.class)).isEqualTo(report);
        assertThat(json(report)).contains("\"status\":\"unhealthy\"").contains("\"minute\":\"2026-01-01T00:01:00Z\"");
    }

    @Test
    void statsReport_withoutListsReadsAsEmpty() {
        StatsReport read = CONTROL_PLANE.readValue("{\"nodeId\":\"edge-1\"}", StatsReport.class);
        assertThat(read.services()).isEmpty();
        assertThat(read.origins()).isEmpty();
        assertThat(NodeRole.orEdge(read.role())).isEqualTo(NodeRole.EDGE);
    }

    @Test
    void unknownField_isIgnoredEvenByAStrictReader() {
        // A newer node may send fields an older control plane does not know: additive change only.
        Ack read = CONTROL_PLANE.readValue(
                "{\"seq\":4,\"serviceId\":\"" + SERVICE + "\",\"status\":\"applied\",\"appliedInMs\":3}", Ack.class);
        assertThat(read).isEqualTo(Ack.applied(4, SERVICE, null, null));
    }

    @Test
    void unknownEnumValue_isRefusedNamingTheField() {
        assertThatThrownBy(() -> CONTROL_PLANE.readValue(
                "{\"acks\":[{\"seq\":4,\"serviceId\":\"" + SERVICE + "\",\"status\":\"partly\"}]}", AckBatch.class))
                .isInstanceOf(JacksonException.class)
                .satisfies(e -> assertThat(((JacksonException) e).getPathReference()).contains("acks").contains("status"));
        assertThatThrownBy(() -> WireCodec.read(
                "{\"origins\":[{\"origin\":\"main\",\"status\":\"sick\"}]}".getBytes(StandardCharsets.UTF_8),
                StatsReport.class))
                .isInstanceOf(JacksonException.class)
                .satisfies(e -> assertThat(((JacksonException) e).getPathReference()).contains("origins").contains("status"));
    }
}
