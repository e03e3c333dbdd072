package dev.cdn.geodns.location;

/** A point on Earth (degrees, WGS 84) with the ISO 3166 country it lies in, if known ("" when not). */
public record Location(double latitude, double longitude, String country) {

    public Location {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be within -90..90, got " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be within -180..180, got " + longitude);
        }
        country = country == null ? "" : country;
    }
}
