package dev.cdn.geodns.wire;

import dev.cdn.geodns.choice.Decision;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.List;
import java.util.Optional;

/**
 * A response before it is written: pure values, so the responder's logic is tested without a socket and the
 * size of the message is known before it is sent. {@code question} is empty when the query's was unusable.
 */
record Reply(int id, DnsOpCode opCode, boolean recursionDesired, Rcode rcode, boolean authoritative, boolean truncated,
             Optional<Question> question, List<Rr> answers, List<Rr> authority, Optional<Rr> opt,
             Optional<Decision> decision) {

    /** The question echoed back. */
    record Question(String name, DnsRecordType type, int dnsClass) {
        int wireLength() {
            return WireNames.encodedLength(name) + 4;
        }
    }

    /** Bytes the message takes on the wire (names uncompressed, as it is written). */
    int wireLength() {
        int n = QueryReader.HEADER_BYTES + question.map(Question::wireLength).orElse(0);
        for (Rr r : answers) {
            n += r.wireLength();
        }
        for (Rr r : authority) {
            n += r.wireLength();
        }
        return n + opt.map(Rr::wireLength).orElse(0);
    }

    /** The same reply with TC set and no records but the OPT: the client asks again over TCP (RFC 7766 section 5). */
    Reply truncate() {
        return new Reply(id, opCode, recursionDesired, rcode, authoritative, true, question, List.of(), List.of(), opt, decision);
    }

    String typeLabel() {
        return question.map(q -> q.type().name()).orElse("none");
    }
}
