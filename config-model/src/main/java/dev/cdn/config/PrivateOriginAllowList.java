package dev.cdn.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's exceptions to the SSRF policy: origins that may sit on a private, loopback or otherwise
 * non-public address ({@code CDN_ALLOWED_PRIVATE_ORIGINS}). Entries are comma-separated {@code host[:port[-port]]};
 * the host is an IP literal ({@code [..]} around IPv6) or a name, the port or range bounds what may be reached
 * there (any port when absent). An address entry allows that address however the origin spells or resolves it;
 * a name entry allows the origin configured with that very name, wherever it resolves, so name only hosts the
 * operator controls. Empty by default: nothing private is reachable.
 */
public final class PrivateOriginAllowList {

    public static final PrivateOriginAllowList NONE = new PrivateOriginAllowList(List.of());

    private final List<Entry> entries;

    private PrivateOriginAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses the setting; throws {@link IllegalArgumentException} naming the entry that is not valid. */
    public static PrivateOriginAllowList parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String item = raw.trim();
            if (!item.isEmpty()) {
                entries.add(entry(item));
            }
        }
        return new PrivateOriginAllowList(entries);
    }

    /** True when an origin configured as {@code host}, reached at {@code address}:{@code port}, is allowed. */
    public boolean allows(String host, InetAddress address, int port) {
        String name = host == null ? null : HostNames.normalize(host);
        for (Entry e : entries) {
            if (port < e.fromPort || port > e.toPort) {
                continue;
            }
            if (e.address != null ? e.address.equals(address) : e.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String toString() {
        return entries.stream().map(Entry::text).reduce((a, b) -> a + "," + b).orElse("");
    }

    private static Entry entry(String item) {
        String host;
        String ports = null;
        if (item.startsWith("[")) {
            int end = item.indexOf(']');
            if (end < 0) {
                throw invalid(item, "an IPv6 address needs its closing ']'");
            }
            host = item.substring(0, end + 1);
            String rest = item.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(item, "expected ':' and a port after ']'");
                }
                ports = rest.substring(1);
            }
        } else {
            int colon = item.indexOf(':');
            if (colon >= 0 && item.indexOf(':', colon + 1) >= 0) {
                throw invalid(item, "write an IPv6 address in brackets, e.g. [::1]:8080");
            }
            host = colon < 0 ? item : item.substring(0, colon);
            ports = colon < 0 ? null : item.substring(colon + 1);
        }
        int from = 1;
        int to = 65535;
        if (ports != null) {
            int dash = ports.indexOf('-');
            from = port(item, dash < 0 ? ports : ports.substring(0, dash));
            to = dash < 0 ? from : port(item, ports.substring(dash + 1));
            if (to < from) {
                throw invalid(item, "the port range ends before it starts");
            }
        }
        Optional<InetAddress> literal = IpLiterals.parse(host);
        if (literal.isPresent()) {
            return new Entry(item, literal.get(), null, from, to);
        }
        if (!HostNames.isValidHostName(host)) {
            throw invalid(item, "'" + host + "' is neither an IP address nor a host name");
        }
        return new Entry(item, null, HostNames.normalize(host), from, to);
    }

    private static int port(String item, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(item, "'" + text + "' is not a port (1-65535)");
    }

    private static IllegalArgumentException invalid(String item, String why) {
        return new IllegalArgumentException("allowed private origin '" + item + "': " + why);
    }

    private record Entry(String text, InetAddress address, String name, int fromPort, int toPort) {
    }
}
