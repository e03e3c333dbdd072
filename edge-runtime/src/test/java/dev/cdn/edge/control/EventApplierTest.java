package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import dev.cdn.config.wire.Ack;
import dev.cdn.config.wire.AckStatus;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.purge.PurgeResult;
import dev.cdn.edge.support.Configs;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventApplierTest {

    final ConfigHolder holder = new ConfigHolder(id -> { });

    static String purge(long seq) {
        return ConfigCodec.write(EdgeEvent.purge(seq, new PurgeCommand("p-" + seq, "demo", PurgeKind.URL,
                List.of("http://demo.localhost/x"), false)));
    }

    @Test
    void purgeThatFailsForAReasonThatMayPass_isNacked_andTheSequenceStaysBeforeIt_untilItApplies() {
        AtomicInteger calls = new AtomicInteger();
        EventApplier applier = new EventApplier(holder, command -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("disk refused a delete");
            }
            return new PurgeResult("demo", PurgeKind.URL, false, 1);
        }, 0);
        applier.apply(ConfigCodec.write(EdgeEvent.config(1, Configs.service("demo", 1, "demo.localhost", 9))));

        assertThatThrownBy(() -> applier.apply(purge(2))).isInstanceOfSatisfying(EventApplier.NotApplied.class,
                e -> assertThat(e.nack()).extracting(Ack::seq, Ack::status).containsExactly(2L, AckStatus.FAILED));
        assertThat(applier.appliedSeq()).as("never moved past an event that did not apply").isEqualTo(1);

        // Replayed after the reconnect: now it applies, and only then does the sequence move.
        assertThat(applier.apply(purge(2))).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AckStatus.APPLIED));
        assertThat(applier.appliedSeq()).isEqualTo(2);
    }

    @Test
    void purgeThatCanNeverApply_isNacked_andPassed() {
        EventApplier applier = new EventApplier(holder, command -> {
            throw new IllegalArgumentException("'x' is not an absolute URL");
        }, 1);
        assertThat(applier.apply(purge(2))).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AckStatus.FAILED));
        assertThat(applier.appliedSeq()).isEqualTo(2);
    }

    @Test
    void certificatesEvent_isAcknowledgedOnlyOnceTheNewSetIsFetched_orFailedWithTheReason() {
        EventApplier applier = new EventApplier(holder, command -> null, 0);
        List<Ack> late = new java.util.ArrayList<>();
        applier.lateAcks(late::add);
        List<java.util.function.Consumer<String>> fetches = new java.util.ArrayList<>();
        applier.certificatesChanged(fetches::add);

        assertThat(applier.apply(ConfigCodec.write(EdgeEvent.certificates(3, "demo")))).isEmpty();
        assertThat(applier.apply(ConfigCodec.write(EdgeEvent.certificates(4, "demo")))).isEmpty();
        assertThat(late).as("nothing acknowledged before the fetch ends").isEmpty();

        fetches.get(0).accept(null);
        fetches.get(1).accept("the control plane answered 503");
        assertThat(late).extracting(Ack::seq, Ack::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, AckStatus.APPLIED),
                        org.assertj.core.groups.Tuple.tuple(4L, AckStatus.FAILED));
        assertThat(applier.appliedSeq()).isEqualTo(4);
    }

    @Test
    void purgeEventWithoutItsPurge_isNackedNamingTheField_counted_andPassed() {
        EventApplier applier = new EventApplier(holder, command -> new PurgeResult("demo", PurgeKind.URL, false, 0), 4);
        assertThat(applier.apply("{\"seq\":5,\"type\":\"purge\",\"serviceId\":\"demo\"}"))
                .hasValueSatisfying(a -> {
                    assertThat(a.status()).isEqualTo(AckStatus.FAILED);
                    assertThat(a.seq()).isEqualTo(5);
                    assertThat(a.error()).contains("purge");
                });
        assertThat(applier.appliedSeq()).as("a message that can never apply is passed, not replayed forever")
                .isEqualTo(5);
        assertThat(applier.refusedMessages()).isEqualTo(1);
    }

    @Test
    void configOrWarmEventWithoutItsBody_isNackedNamingTheField_andCounted() {
        EventApplier applier = new EventApplier(holder, command -> null, 0);
        assertThat(applier.apply("{\"seq\":1,\"type\":\"config\",\"serviceId\":\"demo\"}"))
                .hasValueSatisfying(a -> assertThat(a.error()).contains("service"));
        assertThat(applier.apply("{\"seq\":2,\"type\":\"warm\",\"serviceId\":\"demo\"}"))
                .hasValueSatisfying(a -> assertThat(a.error()).contains("warm"));
        assertThat(applier.appliedSeq()).isEqualTo(2);
        assertThat(applier.refusedMessages()).isEqualTo(2);
    }

    @Test
    void eventOfAnUnknownType_isNackedAndCounted() {
        EventApplier applier = new EventApplier(holder, command -> null, 0);
        assertThat(applier.apply("{\"seq\":3,\"type\":\"teleport\",\"serviceId\":\"demo\"}"))
                .hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AckStatus.FAILED));
        assertThat(applier.refusedMessages()).isEqualTo(1);
    }

    @Test
    void lineThatIsNotJson_isSkippedAndCounted() {
        EventApplier applier = new EventApplier(holder, command -> null, 7);
        assertThat(applier.apply("{not json")).isEmpty();
        assertThat(applier.appliedSeq()).isEqualTo(7);
        assertThat(applier.refusedMessages()).isEqualTo(1);
    }
}
