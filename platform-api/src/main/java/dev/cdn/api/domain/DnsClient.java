package dev.cdn.api.domain;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import reactor.core.publisher.Mono;

/**
 * Asks the operator's DNS resolvers ({@link DomainSettings}) for TXT and address records, asynchronously (dnsjava's
 * own I/O thread; never blocks the caller). A name that does not exist, or an answer without records of the type,
 * gives an empty list; a resolver that does not answer gives an error.
 */
@Component
class DnsClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;

    DnsClient(DomainSettings settings) {
        this.resolver = resolver(settings.resolvers());
    }

    private static Resolver resolver(List<InetSocketAddress> addresses) {
        if (addresses.isEmpty()) {
            ExtendedResolver system = new ExtendedResolver();
            system.setTimeout(TIMEOUT);
            return system;
        }
        List<Resolver> each = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            SimpleResolver r = new SimpleResolver(a);
            r.setTimeout(TIMEOUT);
            each.add(r);
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        ExtendedResolver all = new ExtendedResolver(each);
        all.setTimeout(TIMEOUT);
        return all;
    }

    /** The character strings of every TXT record at {@code name}, each record's strings joined (RFC 7208 3.3). */
    Mono<List<String>> txt(String name) {
        return query(name, Type.TXT).map(records -> {
            List<String> out = new ArrayList<>();
            for (Record r : records) {
                if (r instanceof TXTRecord txt) {
                    out.add(String.join("", txt.getStrings()));
                }
            }
            return out;
        });
    }

    /** The IPv4 and IPv6 addresses of {@code name}. */
    Mono<List<InetAddress>> addresses(String name) {
        return query(name, Type.A).zipWith(query(name, Type.AAAA), (v4, v6) -> {
            List<InetAddress> out = new ArrayList<>();
            for (Record r : v4) {
                if (r instanceof ARecord a) {
                    out.add(a.getAddress());
                }
            }
            for (Record r : v6) {
                if (r instanceof AAAARecord a) {
                    out.add(a.getAddress());
                }
            }
            return out;
        });
    }

    private Mono<List<Record>> query(String name, int type) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            return Mono.error(e);
        }
        return Mono.fromCompletionStage(() -> resolver.sendAsync(query))
                .map(response -> response.getRcode() == Rcode.NOERROR ? response.getSection(Section.ANSWER)
                        : List.<Record>of());
    }
}
