package dev.cdn.geodns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.geodns.choice.ChoiceSettings;
import dev.cdn.geodns.location.LocationFile;
import dev.cdn.geodns.pop.PopFile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The weighted-random exploration seen from clients: its share of answers over many queries, with a fixed seed. */
class ExplorationWireTest {

    @Test
    void exploredShare_staysWithinBounds_andAFarPopIsNeverAnswered() throws Exception {
        try (ResponderFixture dns = new ResponderFixture(PopFile.parse("""
                near  50.11 8.68  192.0.2.1
                close 50.55 9.20  192.0.2.2
                far   40.71 -74.0 192.0.2.3
                """, "test"), LocationFile.parse("127.0.0.0/8 50.11 8.68 DE", "test"), new ChoiceSettings(0.1, 30, 2), 42)) {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(ResponderFixture.HOST + "."), Type.A, DClass.IN));
            Map<String, Integer> answered = new HashMap<>();
            int n = 2_000;
            for (int i = 0; i < n; i++) {
                Message answer = WireClient.udp(dns.address(), q);
                String address = ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
                answered.merge(address, 1, Integer::sum);
            }

            assertThat(answered.get("192.0.2.2") / (double) n).isBetween(0.07, 0.13);
            assertThat(answered).doesNotContainKey("192.0.2.3");
            assertThat(dns.counter("geodns_answers", "pop", "close", "pick", "explored"))
                    .isEqualTo(answered.get("192.0.2.2").doubleValue());
        }
    }
}
