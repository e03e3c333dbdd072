package dev.cdn.edge.protect;

import dev.cdn.config.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operator's IP-to-country table: CSV lines {@code CIDR,COUNTRY} (ISO 3166-1 alpha-2), blank lines and
 * {@code #} comments ignored, read once at start into sorted ranges so a lookup is a binary search, O(log n).
 * Blocks must not overlap (which country would win is not for the edge to guess); a bad line stops the edge at
 * start with its line number rather than leave country lists silently wrong.
 */
public final class GeoDatabase {

    public static final GeoDatabase EMPTY = new GeoDatabase(AddressRanges.of(List.of(), false));
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final AddressRanges<String> ranges;

    private GeoDatabase(AddressRanges<String> ranges) {
        this.ranges = ranges;
    }

    public static GeoDatabase load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the lines of a table; {@code source} names it in error messages. */
    static GeoDatabase parse(List<String> lines, String source) {
        List<AddressRanges.Range<String>> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(where + "expected CIDR,COUNTRY");
            }
            String country = line.substring(comma + 1).strip();
            if (!COUNTRIES.contains(country)) {
                throw new IllegalArgumentException(where + "'" + country + "' is not an ISO 3166-1 alpha-2 code");
            }
            try {
                Cidr block = Cidr.parse(line.substring(0, comma));
                out.add(new AddressRanges.Range<>(block.first(), block.last(), country.intern()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        try {
            return new GeoDatabase(AddressRanges.of(out, false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** The country of {@code address}, or null when the table does not hold it. */
    public String country(InetAddress address) {
        return ranges.get(address);
    }

    public int size() {
        return ranges.size();
    }
}
