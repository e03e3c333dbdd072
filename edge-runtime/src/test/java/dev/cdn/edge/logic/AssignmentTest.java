package dev.cdn.edge.logic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.AttributeSource;
import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Experiment;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.RequestAttribute;
import dev.cdn.config.Stickiness;
import dev.cdn.config.Variant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Variant assignment as pure computation: hash split, ramping, stickiness and independence of experiments. */
class AssignmentTest {

    static CompiledLogic byUserHeader(String name, int control, int treatment) {
        return CompiledLogic.compile(new EdgeLogic(List.of(new Experiment(name, LogicMatch.ANY, Stickiness.ATTRIBUTE,
                null, new RequestAttribute(AttributeSource.HEADER, "X-User-Id"),
                List.of(new Variant("control", control, null, null, null),
                        new Variant("treatment", treatment, null, null, null)), null)), List.of()));
    }

    static String variant(CompiledLogic logic, String user) {
        return logic.evaluate(FakeRequest.get("/").header("X-User-Id", user)).assignments().get(0).variantName();
    }

    @Test
    void hashOfAttribute_splitsTenThousandUsersWithinTwoPercent_andIsStable() {
        CompiledLogic logic = byUserHeader("checkout", 90, 10);
        int treatment = 0;
        for (int u = 0; u < 10_000; u++) {
            String v = variant(logic, "user-" + u);
            assertThat(variant(logic, "user-" + u)).isEqualTo(v);
            treatment += v.equals("treatment") ? 1 : 0;
        }
        assertThat(treatment / 10_000.0).isBetween(0.08, 0.12);
    }

    @Test
    void rampingUp_keepsEveryTreatedUserTreated_andMovesOnlyTheNewShare() {
        CompiledLogic before = byUserHeader("checkout", 90, 10);
        CompiledLogic after = byUserHeader("checkout", 80, 20);
        int moved = 0;
        for (int u = 0; u < 10_000; u++) {
            String was = variant(before, "user-" + u);
            String now = variant(after, "user-" + u);
            if (was.equals("treatment")) {
                assertThat(now).as("user-" + u).isEqualTo("treatment");
            }
            moved += was.equals(now) ? 0 : 1;
        }
        // Only the buckets 8000..8999 change owner: about a tenth of the users.
        assertThat(moved / 10_000.0).isBetween(0.08, 0.12);
    }

    @Test
    void experiments_splitIndependently() {
        CompiledLogic a = byUserHeader("first", 50, 50);
        CompiledLogic b = byUserHeader("second", 50, 50);
        Map<String, Integer> pairs = new HashMap<>();
        for (int u = 0; u < 10_000; u++) {
            pairs.merge(variant(a, "u" + u) + "/" + variant(b, "u" + u), 1, Integer::sum);
        }
        assertThat(pairs).hasSize(4);
        pairs.values().forEach(n -> assertThat(n / 10_000.0).isBetween(0.23, 0.27));
    }

    @Test
    void missingAttribute_fallsBackToTheClientAddress() throws Exception {
        CompiledLogic logic = byUserHeader("checkout", 50, 50);
        FakeRequest r = FakeRequest.get("/");
        r.address = java.net.InetAddress.getByName("192.0.2.7");
        String first = logic.evaluate(r).assignments().get(0).variantName();
        assertThat(logic.evaluate(r).assignments().get(0).variantName()).isEqualTo(first);
    }

    @Test
    void bucketOwner_followsCumulativeWeights_andZeroWeightOwnsNothing() {
        int[] bounds = {5000, 5000, 10000};
        assertThat(Buckets.owner(0, bounds)).isEqualTo(0);
        assertThat(Buckets.owner(4999, bounds)).isEqualTo(0);
        assertThat(Buckets.owner(5000, bounds)).isEqualTo(2);
        assertThat(Buckets.owner(9999, bounds)).isEqualTo(2);
        assertThat(Buckets.parse("0042")).isEqualTo(42);
        assertThat(Buckets.parse("12a")).isEqualTo(-1);
        assertThat(Buckets.parse("123456")).isEqualTo(-1);
    }
}
