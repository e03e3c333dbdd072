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
 *
 * <p>A glob of fewer than 64 tokens keeps its state set in the bits of one {@code long} (the bit-parallel
 * simulation of Baeza-Yates and Gonnet, "A new approach to text searching", CACM 1992): each character costs a
 * table lookup, a few masks and a shift, and a match allocates nothing, which keeps the per-request cost of many
 * edge-logic rules flat. Longer globs (only possible outside validated configs) take the array simulation.
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
    /** Bit-parallel tables, or null when the glob has 64 tokens or more. */
    private final BitTables bits;

    private PathGlob(String source, byte[] kinds, char[] literals, int wildcards) {
        this.source = source;
        this.kinds = kinds;
        this.literals = literals;
        this.wildcards = wildcards;
        this.bits = kinds.length < 64 ? new BitTables(kinds, literals) : null;
    }

    /**
     * Bit i stands for "the first i tokens matched". {@code ascii[c]} marks the literal tokens equal to c, so
     * {@code (state & ascii[c]) << 1} advances every literal that reads c; {@code one}, {@code star} and
     * {@code globstar} mark the wildcard tokens; {@code starBits} lists the star tokens in order for the closure
     * (a star may match nothing, so an active star also activates the token after it).
     */
    private static final class BitTables {
        final long[] ascii = new long[128];
        final long one;
        final long star;
        final long globstar;
        final int[] starBits;
        final long accept;
        final char[] literals;
        final long literalMask;

        BitTables(byte[] kinds, char[] literals) {
            long o = 0;
            long s = 0;
            long g = 0;
            long lit = 0;
            int stars = 0;
            for (int i = 0; i < kinds.length; i++) {
                switch (kinds[i]) {
                    case LITERAL -> {
                        lit |= 1L << i;
                        if (literals[i] < 128) {
                            ascii[literals[i]] |= 1L << i;
                        }
                    }
                    case ONE -> o |= 1L << i;
                    case STAR -> {
                        s |= 1L << i;
                        stars++;
                    }
                    default -> {
                        g |= 1L << i;
                        stars++;
                    }
                }
            }
            this.one = o;
            this.star = s;
            this.globstar = g;
            this.literals = literals;
            this.literalMask = lit;
            this.starBits = new int[stars];
            int n = 0;
            for (int i = 0; i < kinds.length; i++) {
                if (kinds[i] == STAR || kinds[i] == GLOBSTAR) {
                    starBits[n++] = i;
                }
            }
            this.accept = 1L << kinds.length;
        }

        boolean matches(CharSequence path) {
            long state = close(1L);
            for (int p = 0; p < path.length(); p++) {
                char c = path.charAt(p);
                long literal = c < 128 ? ascii[c] : nonAscii(c);
                long next = ((state & literal) << 1) | (state & globstar);
                if (c != '/') {
                    next |= ((state & one) << 1) | (state & star);
                }
                if (next == 0) {
                    return false;
                }
                state = close(next);
            }
            return (state & accept) != 0;
        }

        private long close(long state) {
            for (int i : starBits) {
                if ((state & (1L << i)) != 0) {
                    state |= 1L << (i + 1);
                }
            }
            return state;
        }

        private long nonAscii(char c) {
            long m = 0;
            for (int i = 0; i < literals.length; i++) {
                if ((literalMask & (1L << i)) != 0 && literals[i] == c) {
                    m |= 1L << i;
                }
            }
            return m;
        }
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
        return bits != null ? bits.matches(path) : run(path, null);
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
