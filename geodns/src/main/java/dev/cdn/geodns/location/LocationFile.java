package dev.cdn.geodns.location;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the operator's IP-to-location file: one block a line, {@code CIDR LATITUDE LONGITUDE [COUNTRY]}, separated
 * by spaces, tabs or commas; {@code #} starts a comment. A bad line fails the whole file with its line number, so
 * a half-read file never replaces a good one.
 */
public final class LocationFile {

    private LocationFile() {
    }

    public static LocationTable read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static LocationTable parse(String text, String source) {
        List<LocationTable.Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("[\\s,]+");
            try {
                if (f.length < 3 || f.length > 4) {
                    throw new IllegalArgumentException("expected CIDR LATITUDE LONGITUDE [COUNTRY], got " + f.length + " fields");
                }
                Location where = new Location(Double.parseDouble(f[1]), Double.parseDouble(f[2]), f.length == 4 ? f[3] : "");
                entries.add(new LocationTable.Entry(Cidr.parse(f[0]), where));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        try {
            return new LocationTable(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }
}
