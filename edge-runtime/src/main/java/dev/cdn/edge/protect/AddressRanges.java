package dev.cdn.edge.protect;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of address ranges, IPv4 and IPv6, each carrying a value, compiled for lookup in O(log n): the ranges are
 * sorted by their first address and must not overlap, so a binary search for the last range starting at or before
 * an address finds the only one that can hold it. An IPv6 address is two unsigned longs compared high then low.
 *
 * @param <V> what a range maps to: a country for the geo file, {@code Boolean.TRUE} for an address list
 */
final class AddressRanges<V> {

    /** One range before compiling: [first, last] of one family. */
    record Range<V>(byte[] first, byte[] last, V value) {
    }

    private final long[] v4First;
    private final long[] v4Last;
    private final List<V> v4Values;
    private final long[] v6FirstHi;
    private final long[] v6FirstLo;
    private final long[] v6LastHi;
    private final long[] v6LastLo;
    private final List<V> v6Values;

    private AddressRanges(List<Range<V>> v4, List<Range<V>> v6) {
        v4First = new long[v4.size()];
        v4Last = new long[v4.size()];
        v4Values = new ArrayList<>(v4.size());
        for (int i = 0; i < v4.size(); i++) {
            v4First[i] = toLong(v4.get(i).first(), 0, 4);
            v4Last[i] = toLong(v4.get(i).last(), 0, 4);
            v4Values.add(v4.get(i).value());
        }
        v6FirstHi = new long[v6.size()];
        v6FirstLo = new long[v6.size()];
        v6LastHi = new long[v6.size()];
        v6LastLo = new long[v6.size()];
        v6Values = new ArrayList<>(v6.size());
        for (int i = 0; i < v6.size(); i++) {
            v6FirstHi[i] = toLong(v6.get(i).first(), 0, 8);
            v6FirstLo[i] = toLong(v6.get(i).first(), 8, 8);
            v6LastHi[i] = toLong(v6.get(i).last(), 0, 8);
            v6LastLo[i] = toLong(v6.get(i).last(), 8, 8);
            v6Values.add(v6.get(i).value());
        }
    }

    /**
     * Compiles ranges. With {@code merge}, overlapping ranges (which must then carry equal values) are joined;
     * without it an overlap is an error naming both ranges' positions, since which value wins would be a guess.
     */
    static <V> AddressRanges<V> of(List<Range<V>> ranges, boolean merge) {
        List<Range<V>> v4 = new ArrayList<>();
        List<Range<V>> v6 = new ArrayList<>();
        for (Range<V> r : ranges) {
            (r.first().length == 4 ? v4 : v6).add(r);
        }
        return new AddressRanges<>(sorted(v4, merge), sorted(v6, merge));
    }

    private static <V> List<Range<V>> sorted(List<Range<V>> in, boolean merge) {
        List<Range<V>> list = new ArrayList<>(in);
        list.sort(Comparator.comparing(Range::first, AddressRanges::compare));
        List<Range<V>> out = new ArrayList<>(list.size());
        for (Range<V> r : list) {
            Range<V> prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && compare(r.first(), prev.last()) <= 0) {
                if (!merge) {
                    throw new IllegalArgumentException("ranges overlap: " + text(prev) + " and " + text(r));
                }
                if (compare(r.last(), prev.last()) > 0) {
                    out.set(out.size() - 1, new Range<>(prev.first(), r.last(), prev.value()));
                }
                continue;
            }
            out.add(r);
        }
        return out;
    }

    /** The value of the range holding {@code a}, or null. */
    V get(InetAddress a) {
        if (a == null) {
            return null;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            long x = toLong(b, 0, 4);
            int i = lastAtOrBefore4(x);
            return i >= 0 && x <= v4Last[i] ? v4Values.get(i) : null;
        }
        long hi = toLong(b, 0, 8);
        long lo = toLong(b, 8, 8);
        int i = lastAtOrBefore6(hi, lo);
        return i >= 0 && compare(hi, lo, v6LastHi[i], v6LastLo[i]) <= 0 ? v6Values.get(i) : null;
    }

    int size() {
        return v4First.length + v6FirstHi.length;
    }

    private int lastAtOrBefore4(long x) {
        int lo = 0;
        int hi = v4First.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v4First[mid] <= x) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private int lastAtOrBefore6(long xHi, long xLo) {
        int lo = 0;
        int hi = v6FirstHi.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6FirstHi[mid], v6FirstLo[mid], xHi, xLo) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    private static long toLong(byte[] b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    private static String text(Range<?> r) {
        try {
            return InetAddress.getByAddress(r.first()).getHostAddress() + "-"
                    + InetAddress.getByAddress(r.last()).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
