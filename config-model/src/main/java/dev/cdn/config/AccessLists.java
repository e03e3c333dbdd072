package dev.cdn.config;

import java.util.List;

/**
 * Which clients may reach a service at all, by address and by country. Deny lists refuse what they hold; an allow
 * list, when not empty, refuses everything it does not hold. Addresses are checked first, then countries.
 *
 * @param allowAddresses CIDR blocks or single addresses, IPv4 or IPv6; when not empty, only these may connect
 * @param denyAddresses  CIDR blocks or single addresses refused
 * @param allowCountries ISO 3166-1 alpha-2 codes; when not empty, only clients located in these may connect
 *                       (a client whose country is unknown is then refused)
 * @param denyCountries  ISO 3166-1 alpha-2 codes refused
 */
public record AccessLists(List<String> allowAddresses, List<String> denyAddresses, List<String> allowCountries,
                          List<String> denyCountries) {

    /** Entries per address list: compiled into a sorted table, each costs memory on every edge, not time. */
    public static final int MAX_ADDRESSES = 10_000;

    public AccessLists {
        allowAddresses = copy(allowAddresses);
        denyAddresses = copy(denyAddresses);
        allowCountries = copy(allowCountries);
        denyCountries = copy(denyCountries);
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}
