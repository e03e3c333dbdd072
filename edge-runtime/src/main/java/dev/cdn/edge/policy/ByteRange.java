package dev.cdn.edge.policy;

/**
 * One satisfiable byte range of a representation (RFC 9110 section 14), inclusive bounds.
 */
public record ByteRange(long first, long last) {

    /** Why a Range header does not produce a single range. */
    public enum Verdict {
        /** Serve the range. */
        PARTIAL,
        /** Ignore the header and serve the whole representation (absent, malformed or several ranges). */
        FULL,
        /** No range overlaps the representation: 416. */
        UNSATISFIABLE
    }

    /** The result of reading a Range header. */
    public record Parsed(Verdict verdict, ByteRange range) {
    }

    public static Parsed parse(String header, long length) {
        if (header == null || !header.trim().toLowerCase(java.util.Locale.ROOT).startsWith("bytes=")) {
            return new Parsed(Verdict.FULL, null);
        }
        String spec = header.trim().substring(6).trim();
        if (spec.contains(",")) {
            return new Parsed(Verdict.FULL, null); // multipart/byteranges is not worth it at the edge
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Parsed(Verdict.FULL, null);
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return new Parsed(Verdict.UNSATISFIABLE, null);
                }
                return length == 0 ? new Parsed(Verdict.UNSATISFIABLE, null)
                        : new Parsed(Verdict.PARTIAL, new ByteRange(Math.max(0, length - suffix), length - 1));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
            if (b.isEmpty() ? false : Long.parseLong(b) < first) {
                return new Parsed(Verdict.FULL, null);
            }
            if (first >= length) {
                return new Parsed(Verdict.UNSATISFIABLE, null);
            }
            return new Parsed(Verdict.PARTIAL, new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return new Parsed(Verdict.FULL, null);
        }
    }

    public long length() {
        return last - first + 1;
    }
}
