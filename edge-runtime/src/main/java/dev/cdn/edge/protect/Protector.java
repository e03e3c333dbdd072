package dev.cdn.edge.protect;

/** The protections a service can turn on; each names itself in Cache-Status, metrics and logs. */
public enum Protector {
    SIGNED_URL("signed-url"),
    RATE_LIMIT("rate-limit"),
    ADDRESS_LIST("address-list"),
    COUNTRY_LIST("country-list"),
    REQUEST_FILTER("request-filter");

    private final String wireName;

    Protector(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
