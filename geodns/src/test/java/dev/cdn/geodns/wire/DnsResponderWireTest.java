package dev.cdn.geodns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.geodns.choice.ChoiceSettings;
import dev.cdn.geodns.choice.PopHealth;
import dev.cdn.geodns.live.LiveData;
import dev.cdn.geodns.location.LocationFile;
import dev.cdn.geodns.pop.PopFile;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import reactor.blockhound.BlockHound;

/** The responder over real UDP and TCP sockets, with the shipped sample PoP and IP-to-location files. */
class DnsResponderWireTest {

    static ResponderFixture dns;

    @BeforeAll
    static void start() throws Exception {
        BlockHound.install();
        // No exploration: every answer is the best PoP, as the sample data says.
        dns = ResponderFixture.samples(new ChoiceSettings(0, 30, 2));
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
    }

    static Message withEcs(Message q, int prefix, String network) throws IOException {
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(prefix, InetAddress.getByName(network)))),
                Section.ADDITIONAL);
        return q;
    }

    static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().map(r -> r instanceof ARecord a ? a.getAddress().getHostAddress()
                : ((AAAARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    @ParameterizedTest(name = "{0}/{1} ({3}) is answered with {2}")
    @CsvSource(delimiter = '|', value = {
            "10.1.7.0   | 24 | 192.0.2.10 192.0.2.11       | Berlin: fra",
            "10.2.9.0   | 24 | 192.0.2.10 192.0.2.11       | Paris: fra",
            "10.2.5.0   | 24 | 192.0.2.10 192.0.2.11       | Dublin: lhr is nearer but 95% loaded, so fra",
            "10.3.1.0   | 24 | 198.51.100.10 198.51.100.11 | New York: iad",
            "10.4.1.0   | 24 | 198.51.100.20               | Los Angeles: sjc",
            "10.5.1.0   | 24 | 203.0.113.10                | Tokyo: nrt",
            "10.6.1.0   | 24 | 203.0.113.20                | Jakarta: sin",
            "192.168.1.0| 24 | 192.0.2.10 192.0.2.11       | unknown location: latency and load alone, fra"})
    void sampleClients_areAnsweredAsTheSampleDataSays(String network, int prefix, String expected, String why) throws IOException {
        Message answer = WireClient.udp(dns.address(), withEcs(query(ResponderFixture.HOST, Type.A), prefix, network));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(answer)).containsExactly(expected.split(" "));
        assertThat(answer.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(30));
    }

    @Test
    void resolverAddress_placesTheClientWhenThereIsNoSubnet() throws IOException {
        // 127.0.0.0/8 is Munich in the sample: fra.
        Message answer = WireClient.udp(dns.address(), query(ResponderFixture.HOST, Type.A));

        assertThat(addresses(answer)).containsExactly("192.0.2.10", "192.0.2.11");
        assertThat(answer.getOPT()).isNull();
    }

    @Test
    void aaaa_answersTheIpv6AddressesOfTheChosenPop() throws IOException {
        Message answer = WireClient.udp(dns.address(), withEcs(query(ResponderFixture.HOST, Type.AAAA), 48, "fd00:5:1::"));

        assertThat(addresses(answer)).containsExactly("2001:db8:50:0:0:0:0:10");
    }

    @Test
    void unhealthyPop_isDroppedFromAnswers_andComesBackWhenHealthy() throws IOException {
        Message berlin = withEcs(query(ResponderFixture.HOST, Type.A), 24, "10.1.7.0");
        assertThat(addresses(WireClient.udp(dns.address(), berlin))).containsExactly("192.0.2.10", "192.0.2.11");

        dns.live(new LiveData(Set.of(ResponderFixture.HOST), Map.of("fra", PopHealth.NO_CONNECTED_EDGE), null));
        try {
            // Next by cost for Berlin: lhr (930 km + 50 ms load penalty) before iad (6,700 km).
            assertThat(addresses(WireClient.udp(dns.address(), berlin))).containsExactly("192.0.2.20");
            assertThat(addresses(WireClient.tcp(dns.address(), berlin))).containsExactly("192.0.2.20");
        } finally {
            dns.live(LiveData.staticOnly(Set.of(ResponderFixture.HOST)));
        }
        assertThat(addresses(WireClient.udp(dns.address(), berlin))).containsExactly("192.0.2.10", "192.0.2.11");
    }

    @ParameterizedTest(name = "ECS {0}/{1} answers scope /{2}")
    @CsvSource({
            "10.5.1.0, 24, 16",  // Tokyo's /16 decides: the answer holds for the whole /16
            "10.2.5.0, 24, 24",  // Dublin's /24 decides
            "10.2.0.0, 16, 16",  // the Paris /16 itself
            "10.9.0.0, 24, 24",  // no block: the whole source prefix
            "fd00:5:1::, 48, 32"})
    void clientSubnet_isHonoured_andAnsweredWithItsScope(String network, int source, int scope) throws IOException {
        Message answer = WireClient.udp(dns.address(), withEcs(query(ResponderFixture.HOST, Type.A), source, network));

        ClientSubnetOption ecs = (ClientSubnetOption) answer.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertThat(ecs.getSourcePrefixLength()).isEqualTo(source);
        assertThat(ecs.getAddress()).isEqualTo(InetAddress.getByName(network));
        assertThat(ecs.getScopePrefixLength()).isEqualTo(scope);
    }

    @Test
    void clientSubnet_overridesTheResolverLocation() throws IOException {
        // The resolver (127.0.0.1) is in Munich; the client's subnet is in Tokyo.
        Message answer = WireClient.udp(dns.address(), withEcs(query(ResponderFixture.HOST, Type.A), 24, "10.5.1.0"));

        assertThat(addresses(answer)).containsExactly("203.0.113.10");
    }

    @Test
    void clientSubnetOfLengthZero_usesTheResolver_withScopeZero() throws IOException {
        Message answer = WireClient.udp(dns.address(), withEcs(query(ResponderFixture.HOST, Type.A), 0, "0.0.0.0"));

        assertThat(addresses(answer)).containsExactly("192.0.2.10", "192.0.2.11");
        ClientSubnetOption ecs = (ClientSubnetOption) answer.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertThat(ecs.getScopePrefixLength()).isZero();
    }

    @Test
    void serviceName_isAnsweredUnderTheZone_asACnameTarget() throws IOException {
        Message answer = WireClient.udp(dns.address(), withEcs(query("www.shop.localhost.cdn.localhost", Type.A), 24, "10.5.1.0"));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(answer)).containsExactly("203.0.113.10");
    }

    @Test
    void unknownNameInTheZone_isNxdomain_withTheSoa() throws IOException {
        Message answer = WireClient.udp(dns.address(), query("nothing-here.cdn.localhost", Type.A));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA))
                .satisfies(r -> assertThat(r.getName().toString()).isEqualTo("cdn.localhost."));
    }

    @Test
    void nameOutsideTheZones_isRefused() throws IOException {
        Message answer = WireClient.udp(dns.address(), query("example.com", Type.A));

        assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void apex_answersSoaAndNs() throws IOException {
        Message soa = WireClient.tcp(dns.address(), query(ResponderFixture.ZONE, Type.SOA));
        Message ns = WireClient.udp(dns.address(), query(ResponderFixture.ZONE, Type.NS));

        assertThat(soa.getSection(Section.ANSWER)).singleElement().satisfies(r -> assertThat(r.rdataToString())
                .isEqualTo("ns1.cdn.localhost. hostmaster.cdn.localhost. 1 3600 600 604800 30"));
        assertThat(ns.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("ns1.cdn.localhost."));
    }

    @Test
    void otherTypeOfAServiceName_isNodata() throws IOException {
        Message answer = WireClient.udp(dns.address(), query("www.shop.localhost.cdn.localhost", Type.MX));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
    }

    @Test
    void queriesAndAnswers_areCounted() throws IOException {
        double before = dns.counter("geodns_answers", "pop", "nrt", "pick", "best");
        WireClient.udp(dns.address(), withEcs(query(ResponderFixture.HOST, Type.A), 24, "10.5.1.0"));
        WireClient.udp(dns.address(), query("example.com", Type.A));

        assertThat(dns.counter("geodns_answers", "pop", "nrt", "pick", "best")).isEqualTo(before + 1);
        assertThat(dns.counter("geodns_queries", "transport", "udp", "type", "A", "rcode", "REFUSED")).isPositive();
    }

    @Test
    void answerTooLargeForUdp_isTruncated_andWholeOverTcp() throws Exception {
        String many = IntStream.range(1, 61).mapToObj(i -> "2001:db8:99::" + Integer.toHexString(i)).collect(Collectors.joining(","));
        try (ResponderFixture big = new ResponderFixture(PopFile.parse("big 50 8 192.0.2.99," + many, "test"),
                LocationFile.parse("", "test"), new ChoiceSettings(0, 30, 2), 1)) {
            Message q = query(ResponderFixture.HOST, Type.AAAA);
            q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

            byte[] udp = WireClient.udpRaw(big.address(), q.toWire(), WireClient.TIMEOUT_MS).orElseThrow();
            Message overUdp = new Message(udp);
            Message overTcp = WireClient.tcp(big.address(), q);

            assertThat(udp.length).isLessThanOrEqualTo(1232);
            assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(overUdp.getSection(Section.ANSWER)).isEmpty();
            assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(overTcp.getSection(Section.ANSWER)).hasSize(60);
            assertThat(addresses(overTcp)).first().isEqualTo("2001:db8:99:0:0:0:0:1");
        }
    }

    @Test
    void withoutEdns_udpAnswersFit512Bytes() throws Exception {
        String many = IntStream.range(1, 21).mapToObj(i -> "192.0.2." + i).collect(Collectors.joining(","));
        try (ResponderFixture big = new ResponderFixture(PopFile.parse("big 50 8 " + many, "test"),
                LocationFile.parse("", "test"), new ChoiceSettings(0, 30, 2), 1)) {
            // 20 A records of this name: 12 + 24 + 20 * 35 = 736 bytes, over 512.
            byte[] udp = WireClient.udpRaw(big.address(), query(ResponderFixture.HOST, Type.A).toWire(), WireClient.TIMEOUT_MS).orElseThrow();

            assertThat(udp.length).isLessThanOrEqualTo(512);
            assertThat(new Message(udp).getHeader().getFlag(Flags.TC)).isTrue();
        }
    }
}
