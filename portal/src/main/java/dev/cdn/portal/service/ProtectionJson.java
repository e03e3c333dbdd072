package dev.cdn.portal.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cdn.config.Protection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The protection as the editor shows it: indented JSON without empty parts. Read strictly (an unknown field is
 * an error, so a misspelt setting is not silently dropped), with the parser's message when it is not JSON.
 */
final class ProtectionJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private ProtectionJson() {
    }

    static String write(Protection p) {
        return JSON.writeValueAsString(p == null ? Protection.NONE : p);
    }

    /** Parses the editor's text; blank means no protection. */
    static Protection read(String text) {
        if (text.isBlank()) {
            return Protection.NONE;
        }
        try {
            return JSON.readValue(text, Protection.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a valid protection: " + e.getOriginalMessage());
        }
    }
}
