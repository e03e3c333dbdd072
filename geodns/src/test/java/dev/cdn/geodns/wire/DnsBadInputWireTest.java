package dev.cdn.geodns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.geodns.choice.ChoiceSettings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import reactor.blockhound.BlockHound;

/** Malformed, oversized and odd queries over real sockets: each gets the right code within a bound, or nothing. */
class DnsBadInputWireTest {

    /** Every answer the tests wait for comes well within this; loopback answers take about a millisecond. */
    static final int BOUND_MS = 2_000;

    static ResponderFixture dns;

    @BeforeAll
    static void start() throws Exception {
        BlockHound.install();
        dns = ResponderFixture.samples(new ChoiceSettings(0, 30, 2));
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    static Message valid() throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(ResponderFixture.HOST + "."), Type.A, DClass.IN));
    }

    static Optional<Message> send(byte[] bytes) throws IOException {
        Optional<byte[]> raw = WireClient.udpRaw(dns.address(), bytes, BOUND_MS);
        return raw.isEmpty() ? Optional.empty() : Optional.of(new Message(raw.get()));
    }

    static int rcodeOf(byte[] bytes) throws IOException {
        return send(bytes).orElseThrow(() -> new AssertionError("no answer within " + BOUND_MS + " ms")).getRcode();
    }

    @Test
    void headerOnly_withAQuestionCountButNoQuestion_isFormerr_withItsId() throws IOException {
        byte[] header = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};

        Message answer = send(header).orElseThrow();

        assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(answer.getHeader().getID()).isEqualTo(0x1234);
    }

    @Test
    void shorterThanAHeader_isFormerr_andTooShortForAnId_isDropped() throws IOException {
        assertThat(rcodeOf(new byte[] {0x00, 0x07, 0x01})).isEqualTo(Rcode.FORMERR);
        assertThat(send(new byte[] {0x01})).isEmpty();
    }

    @Test
    void oversizedQuery_isFormerr() throws IOException {
        byte[] big = new byte[600];
        byte[] q = valid().toWire();
        System.arraycopy(q, 0, big, 0, q.length);

        assertThat(rcodeOf(big)).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void aResponseSentToTheServer_isNeverAnswered() throws IOException {
        byte[] q = valid().toWire();
        q[2] |= (byte) 0x80;

        assertThat(send(q)).isEmpty();
    }

    @Test
    void twoQuestions_areFormerr() throws IOException {
        Message m = valid();
        m.addRecord(Record.newRecord(Name.fromString("other.cdn.localhost."), Type.A, DClass.IN), Section.QUESTION);

        assertThat(rcodeOf(m.toWire())).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void compressionLoopInTheName_isFormerr() throws IOException {
        // The question's name is a pointer to itself (offset 12).
        byte[] loop = {0x00, 0x09, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0x0c, 0, 1, 0, 1};

        assertThat(rcodeOf(loop)).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void clientSubnetWithBitsBeyondItsPrefix_isFormerr() throws IOException {
        // RFC 7871 section 6: 10.5.1.1 with a /24 source has bits set past the prefix.
        byte[] data = {0, 1, 24, 0, 10, 5, 1, 1};
        Message m = valid();
        m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(8, data))), Section.ADDITIONAL);

        assertThat(rcodeOf(m.toWire())).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void clientSubnetWithAScopeInTheQuery_isFormerr() throws IOException {
        byte[] data = {0, 1, 24, 16, 10, 5, 1};
        Message m = valid();
        m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(8, data))), Section.ADDITIONAL);

        assertThat(rcodeOf(m.toWire())).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void twoOptRecords_areFormerr() throws IOException {
        Message m = valid();
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        byte[] once = m.toWire();
        // dnsjava keeps one OPT per message: append a second by hand and bump ARCOUNT.
        byte[] opt = {0, 0, 41, 4, (byte) 0xd0, 0, 0, 0, 0, 0, 0};
        byte[] twice = new byte[once.length + opt.length];
        System.arraycopy(once, 0, twice, 0, once.length);
        System.arraycopy(opt, 0, twice, once.length, opt.length);
        twice[11] = 2;

        assertThat(rcodeOf(twice)).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void unknownEdnsVersion_isBadvers() throws IOException {
        Message m = valid();
        m.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        assertThat(rcodeOf(m.toWire())).isEqualTo(Rcode.BADVERS);
    }

    @Test
    void otherOpcodes_areNotImplemented() throws IOException {
        Message m = valid();
        m.getHeader().setOpcode(Opcode.UPDATE);

        assertThat(rcodeOf(m.toWire())).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void otherClasses_areRefused() throws IOException {
        Message m = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));

        assertThat(rcodeOf(m.toWire())).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void tcpLengthAboveTheBound_closesTheConnection_withinTheBound() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(dns.address(), BOUND_MS);
            s.setSoTimeout(BOUND_MS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(4_000);
            out.write(new byte[600]);
            out.flush();

            assertThat(new DataInputStream(s.getInputStream()).read()).isEqualTo(-1);
        }
    }

    @Test
    void fuzzedQueries_neverStopTheServer_andEachIsAnsweredWithinTheBound() throws IOException {
        Random random = new Random(7);
        byte[] seed = ResponderFixtureQueries.ecsQuery();
        int answered = 0;
        for (int i = 0; i < 1_500; i++) {
            byte[] bytes;
            if (i % 3 == 0) {
                bytes = new byte[3 + random.nextInt(600)];
                random.nextBytes(bytes);
            } else {
                bytes = seed.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            bytes[2] &= 0x7f; // a query (QR clear): it must be answered, whatever else it holds
            Optional<Message> answer = send(bytes);
            assertThat(answer).as("message %d got no answer within %d ms", i, BOUND_MS).isPresent();
            assertThat(answer.get().getHeader().getID()).isEqualTo((bytes[0] & 0xff) << 8 | bytes[1] & 0xff);
            answered++;
        }

        assertThat(answered).isEqualTo(1_500);
        assertThat(WireClient.udp(dns.address(), valid()).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(dns.counter("geodns_queries", "transport", "udp", "type", "none", "rcode", "FORMERR")).isPositive();
    }

    /** A valid query carrying ECS, the base the mutation fuzzer flips bytes of. */
    static final class ResponderFixtureQueries {
        static byte[] ecsQuery() throws IOException {
            Message m = valid();
            m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName("10.5.1.0")))),
                    Section.ADDITIONAL);
            return m.toWire();
        }
    }
}
