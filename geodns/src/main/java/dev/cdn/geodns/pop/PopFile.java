package dev.cdn.geodns.pop;

import dev.cdn.geodns.location.Cidr;
import dev.cdn.geodns.location.Location;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the operator's PoP file: one PoP a line,
 * {@code NAME LATITUDE LONGITUDE ADDRESS[,ADDRESS...] [load=0.3] [latency=12] [drained]}; {@code #} starts a
 * comment. A bad line fails the whole file with its line number.
 */
public final class PopFile {

    private PopFile() {
    }

    public static List<Pop> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static List<Pop> parse(String text, String source) {
        List<Pop> pops = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int hash = lines[i].indexOf('#');
            String line = (hash >= 0 ? lines[i].substring(0, hash) : lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                Pop pop = line(line.split("\\s+"));
                if (!names.add(pop.name())) {
                    throw new IllegalArgumentException("PoP " + pop.name() + " is listed twice");
                }
                pops.add(pop);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (pops.isEmpty()) {
            throw new IllegalArgumentException(source + ": no PoP listed");
        }
        return List.copyOf(pops);
    }

    private static Pop line(String[] f) {
        if (f.length < 4) {
            throw new IllegalArgumentException("expected NAME LATITUDE LONGITUDE ADDRESSES [load=L] [latency=MS] [drained]");
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String a : f[3].split(",")) {
            try {
                addresses.add(InetAddress.getByAddress(Cidr.numericAddress(a)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + a + "' is not an IP address");
            }
        }
        double load = 0;
        double latency = 0;
        boolean drained = false;
        for (int k = 4; k < f.length; k++) {
            if (f[k].startsWith("load=")) {
                load = Double.parseDouble(f[k].substring(5));
            } else if (f[k].startsWith("latency=")) {
                latency = Double.parseDouble(f[k].substring(8));
            } else if (f[k].equals("drained")) {
                drained = true;
            } else {
                throw new IllegalArgumentException("unknown field '" + f[k] + "' (load=, latency= or drained)");
            }
        }
        return new Pop(f[0], new Location(Double.parseDouble(f[1]), Double.parseDouble(f[2]), ""), addresses,
                load, latency, drained);
    }
}
