package dev.cdn.edge.admission;

import dev.cdn.config.Admission;

/**
 * The three admission policies a rule can choose ({@link Admission}), sharing one frequency sketch so that switching
 * a service's policy does not forget what the tier has learned.
 * <ul>
 *   <li>{@code lru}: admit everything; eviction alone (least recently used) decides.</li>
 *   <li>{@code tinylfu}: admit only when the candidate is estimated more frequent than the victims.</li>
 *   <li>{@code size-aware}: like tinylfu, but an object above 64 KiB must beat the victims by a factor
 *       {@code 1 + log2(size / 64 KiB)}: large objects need more requests, because one of them displaces many
 *       small ones.</li>
 * </ul>
 */
public final class Admissions {

    static final long SIZE_AWARE_FREE_BYTES = 64 * 1024;

    private final FrequencySketch sketch;
    private final AdmissionPolicy lru;
    private final AdmissionPolicy tinyLfu;
    private final AdmissionPolicy sizeAware;

    public Admissions(int expectedEntries) {
        this.sketch = new FrequencySketch(expectedEntries);
        this.lru = new Policy(sketch) {
            @Override
            public boolean admit(long c, long cw, int vf, long vw) {
                return true;
            }
        };
        this.tinyLfu = new Policy(sketch) {
            @Override
            public boolean admit(long c, long cw, int vf, long vw) {
                return sketch.frequency(c) > vf;
            }
        };
        this.sizeAware = new Policy(sketch) {
            @Override
            public boolean admit(long c, long cw, int vf, long vw) {
                double factor = cw <= SIZE_AWARE_FREE_BYTES ? 1 : 1 + Math.log((double) cw / SIZE_AWARE_FREE_BYTES) / Math.log(2);
                return sketch.frequency(c) > vf * factor;
            }
        };
    }

    public AdmissionPolicy of(Admission admission) {
        return switch (admission == null ? Admission.TINYLFU : admission) {
            case LRU -> lru;
            case TINYLFU -> tinyLfu;
            case SIZE_AWARE -> sizeAware;
        };
    }

    /** Every policy records into the same sketch, so any of them can record an access. */
    public void record(long keyHash) {
        sketch.increment(keyHash);
    }

    public int frequency(long keyHash) {
        return sketch.frequency(keyHash);
    }

    /** Shared recording and frequency; subclasses decide admission. */
    private abstract static class Policy implements AdmissionPolicy {
        final FrequencySketch sketch;

        Policy(FrequencySketch sketch) {
            this.sketch = sketch;
        }

        @Override
        public void record(long keyHash) {
            sketch.increment(keyHash);
        }

        @Override
        public int frequency(long keyHash) {
            return sketch.frequency(keyHash);
        }
    }
}
