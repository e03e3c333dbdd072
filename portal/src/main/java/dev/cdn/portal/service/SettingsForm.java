package dev.cdn.portal.service;

import java.util.Set;

import dev.cdn.config.EsiSettings;
import dev.cdn.config.ServiceSettings;

/**
 * Service-wide settings as typed: default TTL, shield on or off, languages, largest cacheable object, and the
 * service's own Edge Side Includes bounds (each empty for the edge's default) and allow-lists.
 */
public record SettingsForm(String defaultTtlSeconds, String shieldEnabled, String languages, String maxObjectBytes,
                           String esiMaxIncludes, String esiMaxDepth, String esiMaxFragmentBytes,
                           String esiIncludeTimeoutMs, String esiTotalTimeoutMs, String esiAllowedHosts,
                           String esiAllowedPaths) {

    static final Set<String> FIELDS = Set.of("defaultTtlSeconds", "shieldEnabled", "languages", "maxObjectBytes",
            "esiMaxIncludes", "esiMaxDepth", "esiMaxFragmentBytes", "esiIncludeTimeoutMs", "esiTotalTimeoutMs",
            "esiAllowedHosts", "esiAllowedPaths");

    static SettingsForm of(ServiceSettings s) {
        EsiSettings e = s.esi();
        return new SettingsForm(text(s.defaultTtlSeconds()), s.shieldEnabled() ? "on" : null,
                FormValues.join(s.languages()), String.valueOf(s.maxObjectBytes()), text(e.maxIncludes()),
                text(e.maxDepth()), text(e.maxFragmentBytes()), text(e.includeTimeoutMs()), text(e.totalTimeoutMs()),
                FormValues.join(e.allowedHosts()), FormValues.join(e.allowedPaths()));
    }

    private static String text(Number n) {
        return n == null ? "" : n.toString();
    }

    public boolean isShieldEnabled() {
        return FormValues.checked(shieldEnabled);
    }

    /** The settings typed (the shield region is not on the form). */
    ServiceSettings toSettings(FormValues values) {
        EsiSettings esi = new EsiSettings(values.integer("esiMaxIncludes", esiMaxIncludes),
                values.integer("esiMaxDepth", esiMaxDepth), values.longValue("esiMaxFragmentBytes", esiMaxFragmentBytes),
                values.integer("esiIncludeTimeoutMs", esiIncludeTimeoutMs),
                values.integer("esiTotalTimeoutMs", esiTotalTimeoutMs), FormValues.list(esiAllowedHosts),
                FormValues.list(esiAllowedPaths));
        return new ServiceSettings(values.integer("defaultTtlSeconds", defaultTtlSeconds), isShieldEnabled(),
                FormValues.list(languages), values.longValue("maxObjectBytes", maxObjectBytes), null, esi);
    }

    /**
     * {@code settings.defaultTtlSeconds} (or a bare name) is the form's {@code defaultTtlSeconds};
     * {@code settings.esi.maxIncludes} is {@code esiMaxIncludes}.
     */
    static String formField(String apiField) {
        String field = apiField.replaceFirst("^settings\\.", "").replaceFirst("\\[\\d+]$", "");
        if (field.startsWith("esi.")) {
            String name = field.substring(4);
            return "esi" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
        return field;
    }
}
