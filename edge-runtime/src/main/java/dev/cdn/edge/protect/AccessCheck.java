package dev.cdn.edge.protect;

import dev.cdn.config.AccessLists;
import dev.cdn.config.Cidr;
import java.util.List;
import java.util.Set;

/**
 * A service's address and country lists, compiled: each address list into sorted, merged ranges (a lookup is a
 * binary search), each country list into a set. Addresses first, then countries; deny before allow.
 */
final class AccessCheck {

    private final AddressRanges<Boolean> allowAddresses;
    private final AddressRanges<Boolean> denyAddresses;
    private final Set<String> allowCountries;
    private final Set<String> denyCountries;

    AccessCheck(AccessLists lists) {
        this.allowAddresses = ranges(lists.allowAddresses());
        this.denyAddresses = ranges(lists.denyAddresses());
        this.allowCountries = Set.copyOf(lists.allowCountries());
        this.denyCountries = Set.copyOf(lists.denyCountries());
    }

    /** Why the client may not connect, or null when it may. */
    Refusal check(ProtectedRequest r) {
        if (denyAddresses.size() > 0 && denyAddresses.get(r.client()) != null) {
            return Refusal.ADDRESS_DENIED;
        }
        if (allowAddresses.size() > 0 && allowAddresses.get(r.client()) == null) {
            return Refusal.ADDRESS_NOT_ALLOWED;
        }
        String country = r.country();
        if (country != null && denyCountries.contains(country)) {
            return Refusal.COUNTRY_DENIED;
        }
        if (!allowCountries.isEmpty() && (country == null || !allowCountries.contains(country))) {
            return Refusal.COUNTRY_NOT_ALLOWED;
        }
        return null;
    }

    private static AddressRanges<Boolean> ranges(List<String> blocks) {
        return AddressRanges.of(blocks.stream().map(Cidr::parse)
                .map(c -> new AddressRanges.Range<>(c.first(), c.last(), Boolean.TRUE)).toList(), true);
    }
}
