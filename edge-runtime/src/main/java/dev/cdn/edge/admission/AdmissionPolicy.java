package dev.cdn.edge.admission;

/**
 * Decides whether a new object may enter a full cache tier in place of the objects eviction would remove. Sees every
 * request (hit or miss) through {@link #record}; callers hold the tier's lock, so implementations are not
 * thread-safe.
 */
public interface AdmissionPolicy {

    /** One request for a key (its 64-bit hash), whether it hit or missed. */
    void record(long keyHash);

    /**
     * Whether the candidate is worth more than the victims it would displace.
     *
     * @param victimMaxFrequency the highest estimated frequency among the victims
     */
    boolean admit(long candidateHash, long candidateWeight, int victimMaxFrequency, long victimWeight);

    /** The estimated frequency of a key, for comparing victims. */
    int frequency(long keyHash);
}
