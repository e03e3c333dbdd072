package dev.cdn.config;

/**
 * A path glob, compiled once: {@code *} matches within one path segment, {@code **} (or any longer run of
 * {@code *}) matches across segments, {@code ?} matches one character other than {@code /}; everything else is
 * literal. The same semantics are used for query-parameter name globs ({@code utm_*}), where no {@code /} occurs.
 *
 * <p>Matching never backtracks: it simulates the glob's nondeterministic automaton (Thompson, "Regular expression
 * search algorithm", CACM 1968), keeping the set of glob positions reachable after each character of the input.
 * A match costs at most (input length + 1) x (glob tokens + 1) steps, so a glob such as
 * {@code /**a**a**a**a**a**a**a**a!}, which takes a backtracking regex engine seconds on a 50-character path, costs
 * microseconds, and a request on the edge's event loop stays bounded. {@link ConfigValidator} still refuses globs
 * longer than {@link #MAX_LENGTH} or with more than {@link #MAX_WILDCARDS} wildcards, which no real rule needs.
 */
public final class PathGlob {

    /** The longest glob a configuration may hold. */
    public static final int MAX_LENGTH = 256;
    /** The most {@code *}/{@code **} runs a configuration's glob may hold. */
    public static final int MAX_WILDCARDS = 6;

    private static final byte LITERAL = 0;
    private static final byte ONE = 1;
    private static final byte STAR = 2;
    private static final byte GLOBSTAR = 3;

    private final String source;
    private final byte[] kinds;
    private final char[] literals;
    private final int wildcards;

    private PathGlob(String source, byte[] kinds, char[] literals, int wildcards) {
        this.source = source;
        this.kinds = kinds;
        this.literals = literals;
        this.wildcards = wildcards;
    }

    /** Compiles a glob; throws {@link IllegalArgumentException} with the reason when it is not a valid glob. */
    public static PathGlob compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("glob must not be empty");
        }
        byte[] kinds = new byte[glob.length()];
        char[] literals = new char[glob.length()];
        int n = 0;
        int wildcards = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                int run = 1;
                while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    run++;
                }
                kinds[n++] = run == 1 ? STAR : GLOBSTAR;
                wildcards++;
            } else if (c == '?') {
                kinds[n++] = ONE;
            } else if (Character.isISOControl(c) || c == ' ') {
                throw new IllegalArgumentException("glob must not contain spaces or control characters");
            } else {
                kinds[n] = LITERAL;
                literals[n++] = c;
            }
        }
        return new PathGlob(glob, java.util.Arrays.copyOf(kinds, n), java.util.Arrays.copyOf(literals, n), wildcards);
    }

    public boolean matches(CharSequence path) {
        return run(path, null);
    }

    /** How many {@code *} and {@code **} runs the glob holds. */
    public int wildcards() {
        return wildcards;
    }

    /** The automaton steps one match takes (for tests that bound the cost without a clock). */
    long steps(CharSequence path) {
        long[] counter = new long[1];
        run(path, counter);
        return counter[0];
    }

    /**
     * One pass over the input. {@code active[i]} means "the glob's first i tokens can match the input read so
     * far"; a star may match nothing, so an active star position also activates the next one (the closure).
     */
    private boolean run(CharSequence path, long[] counter) {
        int m = kinds.length;
        boolean[] active = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        active[0] = true;
        close(active);
        for (int p = 0; p < path.length(); p++) {
            char c = path.charAt(p);
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int i = 0; i < m; i++) {
                if (!active[i]) {
                    continue;
                }
                if (counter != null) {
                    counter[0]++;
                }
                switch (kinds[i]) {
                    case LITERAL -> {
                        if (literals[i] == c) {
                            next[i + 1] = true;
                            any = true;
                        }
                    }
                    case ONE -> {
                        if (c != '/') {
                            next[i + 1] = true;
                            any = true;
                        }
                    }
                    case STAR -> {
                        if (c != '/') {
                            next[i] = true;
                            any = true;
                        }
                    }
                    default -> {
                        next[i] = true;
                        any = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
            close(next);
            boolean[] swap = active;
            active = next;
            next = swap;
        }
        return active[m];
    }

    private void close(boolean[] states) {
        for (int i = 0; i < kinds.length; i++) {
            if (states[i] && (kinds[i] == STAR || kinds[i] == GLOBSTAR)) {
                states[i + 1] = true;
            }
        }
    }

    /** True when the text contains a glob wildcard and so needs {@link #compile}; plain names compare equal. */
    public static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    @Override
    public String toString() {
        return source;
    }
}
