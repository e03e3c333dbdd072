package dev.cdn.portal.service;

import java.util.Set;

import dev.cdn.config.ServiceSettings;

/** Service-wide settings as typed: default TTL, shield on or off, languages, largest cacheable object. */
public record SettingsForm(String defaultTtlSeconds, String shieldEnabled, String languages, String maxObjectBytes) {

    static final Set<String> FIELDS = Set.of("defaultTtlSeconds", "shieldEnabled", "languages", "maxObjectBytes");

    static SettingsForm of(ServiceSettings s) {
        return new SettingsForm(s.defaultTtlSeconds() == null ? "" : s.defaultTtlSeconds().toString(),
                s.shieldEnabled() ? "on" : null, FormValues.join(s.languages()), String.valueOf(s.maxObjectBytes()));
    }

    public boolean isShieldEnabled() {
        return FormValues.checked(shieldEnabled);
    }

    ServiceSettings toSettings(FormValues values) {
        return new ServiceSettings(values.integer("defaultTtlSeconds", defaultTtlSeconds), isShieldEnabled(),
                FormValues.list(languages), values.longValue("maxObjectBytes", maxObjectBytes));
    }

    /** {@code settings.defaultTtlSeconds} (or a bare name) is the form's {@code defaultTtlSeconds}. */
    static String formField(String apiField) {
        return apiField.replaceFirst("^settings\\.", "").replaceFirst("\\[\\d+]$", "");
    }
}
