package dev.cdn.portal.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cdn.config.EdgeLogic;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A version's edge logic as the editor shows it: pretty JSON in the API's own shape, read back strictly (an unknown
 * field is a typo to report, not to drop), so what the page saves is exactly what the API documents.
 */
final class EdgeLogicDocument {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private EdgeLogicDocument() {
    }

    static String write(EdgeLogic logic) {
        return JSON.writeValueAsString(logic);
    }

    /** The logic the text describes; throws {@link IllegalArgumentException} saying where the JSON is wrong. */
    static EdgeLogic read(String text) {
        if (text == null || text.isBlank()) {
            return EdgeLogic.NONE;
        }
        try {
            EdgeLogic logic = JSON.readValue(text, EdgeLogic.class);
            return logic == null ? EdgeLogic.NONE : logic;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not valid edge logic: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        }
    }
}
