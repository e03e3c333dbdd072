package dev.cdn.geodns.wire;

import dev.cdn.geodns.RoutingSnapshot;
import dev.cdn.geodns.choice.Chooser;
import dev.cdn.geodns.choice.Decision;
import dev.cdn.geodns.location.LocationTable;
import dev.cdn.geodns.zone.ServedNames;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Answers one query from the current routing snapshot: an authoritative-only server (RFC 1035) for the served
 * zones and the service host names, with EDNS(0) (RFC 6891) and EDNS Client Subnet (RFC 7871). Never throws for
 * anything a client sends: every problem is a response code.
 */
public final class Responder {

    /** The UDP payload size we advertise and honour at most: 1232 bytes fits the IPv6 minimum MTU unfragmented. */
    static final int MAX_UDP_PAYLOAD = 1232;
    /** A UDP response without EDNS, or with a smaller advertised size, fits 512 bytes (RFC 1035 section 4.2.1). */
    static final int MIN_UDP_PAYLOAD = 512;
    static final int MAX_TCP_MESSAGE = 65_535;
    static final long SOA_SERIAL = 1;

    private final Supplier<RoutingSnapshot> snapshot;
    private final Chooser chooser;
    private final ZoneSettings zone;
    private final DoubleSupplier uniform;

    public Responder(Supplier<RoutingSnapshot> snapshot, Chooser chooser, ZoneSettings zone, DoubleSupplier uniform) {
        this.snapshot = snapshot;
        this.chooser = chooser;
        this.zone = zone;
        this.uniform = uniform;
    }

    /** EDNS as the query carried it. */
    private record Edns(int udpPayload, int version, Optional<ClientSubnet> subnet) {
    }

    /** Thrown inside {@link #respond} only, to leave with a code; never escapes it. */
    private static final class Refusal extends Exception {
        final Rcode rcode;

        Refusal(Rcode rcode) {
            super(null, null, false, false);
            this.rcode = rcode;
        }
    }

    Reply malformed(MalformedQuery m) {
        return new Reply(m.id(), DnsOpCode.QUERY, false, Rcode.FORMERR, false, false, Optional.empty(), List.of(),
                List.of(), Optional.empty(), Optional.empty());
    }

    Reply failure(DnsQuery query) {
        return bare(query, Rcode.SERVFAIL, Optional.empty());
    }

    Reply respond(DnsQuery query, InetAddress resolver, Transport transport) {
        int id = query.id();
        boolean rd = query.isRecursionDesired();
        if (query.count(DnsSection.QUESTION) != 1) {
            return bare(query, Rcode.FORMERR, Optional.empty());
        }
        DnsQuestion dq = query.recordAt(DnsSection.QUESTION, 0);
        if (!WireNames.valid(dq.name())) {
            return bare(query, Rcode.FORMERR, Optional.empty());
        }
        Reply.Question question = new Reply.Question(dq.name(), dq.type(), dq.dnsClass());
        Optional<Edns> edns;
        try {
            edns = edns(query);
        } catch (Refusal r) {
            return bare(query, r.rcode, Optional.of(question));
        }
        if (edns.isPresent() && edns.get().version() != 0) {
            // RFC 6891 section 6.1.3: BADVERS, with our OPT saying the version we speak.
            return new Reply(id, query.opCode(), rd, Rcode.BADVERS, false, false, Optional.of(question), List.of(),
                    List.of(), Optional.of(opt(Rcode.BADVERS, Optional.empty(), 0)), Optional.empty());
        }
        if (!query.opCode().equals(DnsOpCode.QUERY)) {
            return withOpt(bare(query, Rcode.NOTIMP, Optional.of(question)), edns, 0);
        }
        if (dq.dnsClass() != Rr.CLASS_IN) {
            return withOpt(bare(query, Rcode.REFUSED, Optional.of(question)), edns, 0);
        }
        RoutingSnapshot snap = snapshot.get();
        ServedNames.Classification what = snap.names().classify(dq.name());
        Reply reply = switch (what.kind()) {
            case OUTSIDE -> bare(query, Rcode.REFUSED, Optional.of(question));
            case UNKNOWN_IN_ZONE -> new Reply(id, query.opCode(), rd, Rcode.NXDOMAIN, true, false, Optional.of(question),
                    List.of(), List.of(soa(what.zone().get())), Optional.empty(), Optional.empty());
            case APEX -> apex(query, question, what.zone().get());
            case SERVICE -> service(query, question, what.zone(), snap, resolver, edns);
        };
        int scope = reply.decision().map(d -> scope(d, edns)).orElse(0);
        reply = withOpt(reply, edns, scope);
        int limit = transport == Transport.TCP ? MAX_TCP_MESSAGE
                : edns.map(e -> Math.max(MIN_UDP_PAYLOAD, Math.min(e.udpPayload(), MAX_UDP_PAYLOAD))).orElse(MIN_UDP_PAYLOAD);
        return reply.wireLength() > limit ? reply.truncate() : reply;
    }

    private Reply apex(DnsQuery query, Reply.Question question, String zoneName) {
        List<Rr> answers = new ArrayList<>();
        if (question.type().equals(DnsRecordType.SOA)) {
            answers.add(soa(zoneName));
        } else if (question.type().equals(DnsRecordType.NS)) {
            for (String ns : zone.nameServersOf(zoneName)) {
                answers.add(new Rr(zoneName, DnsRecordType.NS, Rr.CLASS_IN, 3600, WireNames.encode(ns)));
            }
        }
        List<Rr> authority = answers.isEmpty() ? List.of(soa(zoneName)) : List.of();
        return new Reply(query.id(), query.opCode(), query.isRecursionDesired(), Rcode.NOERROR, true, false,
                Optional.of(question), answers, authority, Optional.empty(), Optional.empty());
    }

    private Reply service(DnsQuery query, Reply.Question question, Optional<String> zoneName, RoutingSnapshot snap,
                          InetAddress resolver, Optional<Edns> edns) {
        DnsRecordType type = question.type();
        boolean a = type.equals(DnsRecordType.A) || type.equals(DnsRecordType.ANY);
        if (!a && !type.equals(DnsRecordType.AAAA)) {
            return new Reply(query.id(), query.opCode(), query.isRecursionDesired(), Rcode.NOERROR, true, false,
                    Optional.of(question), List.of(), zoneName.map(z -> List.of(soa(z))).orElse(List.of()),
                    Optional.empty(), Optional.empty());
        }
        Decision decision = decide(snap, clientAddress(resolver, edns), a);
        DnsRecordType answerType = a ? DnsRecordType.A : DnsRecordType.AAAA;
        List<Rr> answers = decision.answer().stream()
                .map(addr -> new Rr(question.name(), answerType, Rr.CLASS_IN, zone.answerTtl(), addr.getAddress())).toList();
        List<Rr> authority = answers.isEmpty() ? zoneName.map(z -> List.of(soa(z))).orElse(List.of()) : List.of();
        return new Reply(query.id(), query.opCode(), query.isRecursionDesired(), Rcode.NOERROR, true, false,
                Optional.of(question), answers, authority, Optional.empty(), Optional.of(decision));
    }

    /** The choice for a client address (the ECS network, or the resolver's own): also what /explain shows. */
    public Decision decide(RoutingSnapshot snap, byte[] clientAddress, boolean ipv4) {
        Optional<LocationTable.Entry> where = snap.locations().lookup(clientAddress);
        return chooser.choose(where, snap.pops(), snap.live().health(), snap.live().load(), ipv4, uniform);
    }

    private static byte[] clientAddress(InetAddress resolver, Optional<Edns> edns) {
        Optional<ClientSubnet> subnet = edns.flatMap(Edns::subnet).filter(s -> s.sourcePrefix() > 0);
        return subnet.map(ClientSubnet::address).orElseGet(resolver::getAddress);
    }

    /**
     * RFC 7871 section 7.2.1: the scope is how much of the client's address the answer depends on: the block that
     * located it (which may be longer than the source prefix, as that section allows), or the whole source prefix
     * when no block did. A source of /0 (the client opted out) is answered with scope 0.
     */
    private static int scope(Decision decision, Optional<Edns> edns) {
        Optional<ClientSubnet> subnet = edns.flatMap(Edns::subnet);
        if (subnet.isEmpty() || subnet.get().sourcePrefix() == 0) {
            return 0;
        }
        return decision.location().map(e -> e.block().prefixLength()).orElse(subnet.get().sourcePrefix());
    }

    private Reply withOpt(Reply r, Optional<Edns> edns, int scope) {
        if (edns.isEmpty()) {
            return r;
        }
        Optional<ClientSubnet> subnet = r.rcode() == Rcode.FORMERR ? Optional.empty() : edns.get().subnet();
        return new Reply(r.id(), r.opCode(), r.recursionDesired(), r.rcode(), r.authoritative(), r.truncated(),
                r.question(), r.answers(), r.authority(), Optional.of(opt(r.rcode(), subnet, scope)), r.decision());
    }

    /** Our OPT pseudo-record (RFC 6891 section 6.1.2): root owner, class = UDP payload size, TTL = ext. rcode | version. */
    private static Rr opt(Rcode rcode, Optional<ClientSubnet> subnet, int scope) {
        byte[] options = subnet.map(s -> s.encodeWithScope(scope)).orElse(new byte[0]);
        return new Rr(".", DnsRecordType.OPT, MAX_UDP_PAYLOAD, (long) rcode.extendedBits() << 24, options);
    }

    private Rr soa(String zoneName) {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        rdata.writeBytes(WireNames.encode(zone.nameServersOf(zoneName).get(0)));
        rdata.writeBytes(WireNames.encode("hostmaster." + zoneName));
        ByteBuffer numbers = ByteBuffer.allocate(20);
        numbers.putInt((int) SOA_SERIAL).putInt(3600).putInt(600).putInt(604_800).putInt((int) zone.negativeTtl());
        rdata.writeBytes(numbers.array());
        // RFC 2308 section 3: the SOA in a negative answer has the TTL of its minimum field.
        return new Rr(zoneName, DnsRecordType.SOA, Rr.CLASS_IN, zone.negativeTtl(), rdata.toByteArray());
    }

    private static Reply bare(DnsQuery query, Rcode rcode, Optional<Reply.Question> question) {
        return new Reply(query.id(), query.opCode(), query.isRecursionDesired(), rcode, false, false, question,
                List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** Reads the query's OPT record, if any: one at most, owned by the root, its options well formed. */
    private static Optional<Edns> edns(DnsQuery query) throws Refusal {
        DnsRecord opt = null;
        for (int i = 0; i < query.count(DnsSection.ADDITIONAL); i++) {
            DnsRecord r = query.recordAt(DnsSection.ADDITIONAL, i);
            if (r.type().equals(DnsRecordType.OPT)) {
                if (opt != null) {
                    throw new Refusal(Rcode.FORMERR); // RFC 6891 section 6.1.1: more than one OPT
                }
                opt = r;
            }
        }
        if (opt == null) {
            return Optional.empty();
        }
        if (!opt.name().isEmpty() && !opt.name().equals(".")) {
            throw new Refusal(Rcode.FORMERR);
        }
        int version = (int) (opt.timeToLive() >> 16) & 0xff;
        Optional<ClientSubnet> subnet = Optional.empty();
        if (opt instanceof DnsRawRecord raw) {
            ByteBuf data = raw.content().duplicate();
            while (data.isReadable()) {
                if (data.readableBytes() < 4) {
                    throw new Refusal(Rcode.FORMERR);
                }
                int code = data.readUnsignedShort();
                int length = data.readUnsignedShort();
                if (data.readableBytes() < length) {
                    throw new Refusal(Rcode.FORMERR);
                }
                byte[] value = new byte[length];
                data.readBytes(value);
                if (code == ClientSubnet.OPTION_CODE) {
                    ClientSubnet.Parsed parsed = ClientSubnet.parse(value);
                    if (parsed.problem().isPresent() || subnet.isPresent()) {
                        throw new Refusal(Rcode.FORMERR);
                    }
                    subnet = parsed.subnet();
                }
            }
        }
        return Optional.of(new Edns(opt.dnsClass(), version, subnet));
    }
}
