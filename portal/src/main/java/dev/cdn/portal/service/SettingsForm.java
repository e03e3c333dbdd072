package dev.cdn.portal.service;

import java.util.Set;

import dev.cdn.config.EsiSettings;
import dev.cdn.config.ServiceSettings;

/**
 * Service-wide settings as typed: default TTL, shield on or off, languages, largest cacheable object, the
 * service's own Edge Side Includes bounds (each empty for the edge's default) and allow-lists, the shield region
 * and the share of requests logged. Every component of {@link ServiceSettings} has a field here: the API replaces
 * the settings as a whole, so a component the form left out would be erased by every save.
 */
public record SettingsForm(String defaultTtlSeconds, String shieldEnabled, String languages, String maxObjectBytes,
                           String esiMaxIncludes, String esiMaxDepth, String esiMaxFragmentBytes,
                           String esiIncludeTimeoutMs, String esiTotalTimeoutMs, String esiAllowedHosts,
                           String esiAllowedPaths, String shieldRegion, String logSampleRate) {

    static final Set<String> FIELDS = Set.of("defaultTtlSeconds", "shieldEnabled", "languages", "maxObjectBytes",
            "esiMaxIncludes", "esiMaxDepth", "esiMaxFragmentBytes", "esiIncludeTimeoutMs", "esiTotalTimeoutMs",
            "esiAllowedHosts", "esiAllowedPaths", "shieldRegion", "logSampleRate");

    static SettingsForm of(ServiceSettings s) {
        EsiSettings e = s.esi();
        return new SettingsForm(text(s.defaultTtlSeconds()), s.shieldEnabled() ? "on" : null,
                FormValues.join(s.languages()), String.valueOf(s.maxObjectBytes()), text(e.maxIncludes()),
                text(e.maxDepth()), text(e.maxFragmentBytes()), text(e.includeTimeoutMs()), text(e.totalTimeoutMs()),
                FormValues.join(e.allowedHosts()), FormValues.join(e.allowedPaths()),
                s.shieldRegion() == null ? "" : s.shieldRegion(), text(s.logSampleRate()));
    }

    private static String text(Number n) {
        return n == null ? "" : n.toString();
    }

    public boolean isShieldEnabled() {
        return FormValues.checked(shieldEnabled);
    }

    /** The settings typed; every empty optional field means the platform's default. */
    ServiceSettings toSettings(FormValues values) {
        EsiSettings esi = new EsiSettings(values.integer("esiMaxIncludes", esiMaxIncludes),
                values.integer("esiMaxDepth", esiMaxDepth), values.longValue("esiMaxFragmentBytes", esiMaxFragmentBytes),
                values.integer("esiIncludeTimeoutMs", esiIncludeTimeoutMs),
                values.integer("esiTotalTimeoutMs", esiTotalTimeoutMs), FormValues.list(esiAllowedHosts),
                FormValues.list(esiAllowedPaths));
        return new ServiceSettings(values.integer("defaultTtlSeconds", defaultTtlSeconds), isShieldEnabled(),
                FormValues.list(languages), values.longValue("maxObjectBytes", maxObjectBytes),
                region(values), values.share("logSampleRate", logSampleRate), esi);
    }

    /** Checked here as the platform checks it, so a bad region shows beside the other mistakes in one pass. */
    private String region(FormValues values) {
        String region = FormValues.blankToNull(shieldRegion);
        if (region != null && !ServiceSettings.REGION.matcher(region).matches()) {
            values.reject("shieldRegion", "Enter a region name in lowercase letters, digits and dashes, such as eu-west.");
            return null;
        }
        return region;
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
