package dev.cdn.portal.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.cdn.config.Admission;
import dev.cdn.config.CacheRule;
import dev.cdn.config.Names;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;

/**
 * The cache-rule editor's fields as typed. Lists (extensions, headers, query parameters, surrogate keys) are
 * comma-separated; per-status TTLs read {@code 404=30, 500=5}.
 */
public record RuleForm(String name, String pathPrefix, String glob, String extensions, String methods,
        String edgeTtlSeconds, String browserTtlSeconds, String bypass, String statusTtls, String ignoreOriginNoCache,
        String staleWhileRevalidateSeconds, String staleIfErrorSeconds, String queryMode, String queryParams,
        String varyHeaders, String keyHeaders, String keyCookies, String surrogateKeys, String esi, String admission,
        String originPool) {

    static final Set<String> FIELDS = Set.of("name", "match", "pathPrefix", "glob", "extensions", "methods",
            "edgeTtlSeconds", "browserTtlSeconds", "bypass", "statusTtls", "ignoreOriginNoCache",
            "staleWhileRevalidateSeconds", "staleIfErrorSeconds", "queryMode", "queryParams", "varyHeaders",
            "keyHeaders", "keyCookies", "surrogateKeys", "esi", "admission", "originPool");

    static final List<String> QUERY_MODES = List.of("all", "whitelist", "blacklist", "ignore");
    static final List<String> ADMISSIONS = List.of("tinylfu", "lru", "size-aware");

    public RuleForm {
        name = name == null ? "" : name.strip();
        queryMode = queryMode == null || queryMode.isBlank() ? "all" : queryMode;
        admission = admission == null || admission.isBlank() ? "tinylfu" : admission;
    }

    static RuleForm empty() {
        return new RuleForm("", "", "", "", "", "", "", null, "", null, "", "", "all", "", "Accept-Encoding", "", "",
                "", null, "tinylfu", "");
    }

    static RuleForm of(CacheRule r) {
        RuleMatch m = r.match();
        String statuses = r.statusTtls().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return new RuleForm(r.name(), nullToEmpty(m.pathPrefix()), nullToEmpty(m.glob()), FormValues.join(m.extensions()),
                FormValues.join(m.methods()), text(r.edgeTtlSeconds()), text(r.browserTtlSeconds()),
                r.bypass() ? "on" : null, statuses, r.ignoreOriginNoCache() ? "on" : null,
                text(r.staleWhileRevalidateSeconds()), text(r.staleIfErrorSeconds()),
                r.queryMode().name().toLowerCase(Locale.ROOT), FormValues.join(r.queryParams()),
                FormValues.join(r.varyHeaders()), FormValues.join(r.keyHeaders()), FormValues.join(r.keyCookies()),
                FormValues.join(r.surrogateKeys()), r.esi() ? "on" : null,
                r.admission().name().toLowerCase(Locale.ROOT).replace('_', '-'), nullToEmpty(r.originPool()));
    }

    public boolean isBypass() {
        return FormValues.checked(bypass);
    }

    public boolean isIgnoreOriginNoCache() {
        return FormValues.checked(ignoreOriginNoCache);
    }

    public boolean isEsi() {
        return FormValues.checked(esi);
    }

    /** The rule to send; portal-side mistakes (a word where a number goes) are recorded in {@code values}. */
    CacheRule toRule(FormValues values) {
        if (name.isEmpty()) {
            values.reject("name", "Enter a name, such as static.");
        } else if (!Names.isIdentifier(name)) {
            // The name becomes part of the rule's URLs, here and in the API.
            values.reject("name", "Use letters, digits, '.', '_' or '-' (at most 64), such as static-images.");
        }
        QueryMode mode = QUERY_MODES.contains(queryMode) ? QueryMode.valueOf(queryMode.toUpperCase(Locale.ROOT)) : null;
        if (mode == null) {
            values.reject("queryMode", "Choose how the query string is keyed.");
        }
        Admission admit = ADMISSIONS.contains(admission)
                ? Admission.valueOf(admission.toUpperCase(Locale.ROOT).replace('-', '_')) : null;
        if (admit == null) {
            values.reject("admission", "Choose an admission policy.");
        }
        RuleMatch match = new RuleMatch(FormValues.blankToNull(pathPrefix), FormValues.blankToNull(glob),
                FormValues.list(extensions), FormValues.list(methods).stream()
                        .map(m -> m.toUpperCase(Locale.ROOT)).toList());
        return new CacheRule(name, match, values.integer("edgeTtlSeconds", edgeTtlSeconds),
                values.integer("browserTtlSeconds", browserTtlSeconds), isBypass(), statusTtls(values),
                isIgnoreOriginNoCache(), values.integer("staleWhileRevalidateSeconds", staleWhileRevalidateSeconds),
                values.integer("staleIfErrorSeconds", staleIfErrorSeconds), mode, FormValues.list(queryParams),
                FormValues.list(varyHeaders), FormValues.list(keyHeaders), FormValues.list(keyCookies),
                FormValues.list(surrogateKeys), isEsi(), admit, FormValues.blankToNull(originPool));
    }

    private Map<String, Integer> statusTtls(FormValues values) {
        Map<String, Integer> ttls = new LinkedHashMap<>();
        for (String entry : FormValues.list(statusTtls)) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2) {
                values.reject("statusTtls", "Write each entry as status=seconds, such as 404=30.");
                continue;
            }
            Integer seconds = values.integer("statusTtls", parts[1]);
            if (seconds != null) {
                ttls.put(parts[0].strip(), seconds);
            }
        }
        return ttls;
    }

    /**
     * The form field an API error path belongs to: {@code rules[3].match.pathPrefix} is {@code pathPrefix},
     * {@code rules[3].statusTtls.404} is {@code statusTtls}, {@code rules[3].varyHeaders[1]} is
     * {@code varyHeaders}.
     */
    static String formField(String apiField) {
        String field = apiField.replaceFirst("^rules\\[\\d+]\\.?", "");
        if (field.isEmpty() || field.equals("match")) {
            return "match";
        }
        field = field.replaceFirst("^match\\.", "").replaceFirst("\\[\\d+]$", "");
        return field.startsWith("statusTtls") ? "statusTtls" : field;
    }

    private static String text(Integer value) {
        return value == null ? "" : value.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
