package dev.cdn.api.error;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Request bodies are refused at the parser, naming the JSON path, when they hold what no field of the API accepts:
 * a NUL character in any string (PostgreSQL's text cannot store it, so without this it surfaced as a 500 from the
 * database), or a null element in any list ({@code {"domains":[null]}} names {@code domains[0]}).
 */
@Configuration
class StrictJsonInput {

    /** Lists only: a map's null value still means "no value" where a map allows that. */
    private static final JsonSetter.Value NULL_ELEMENTS_FAIL = JsonSetter.Value.forContentNulls(Nulls.FAIL);

    @Bean
    JsonMapperBuilderCustomizer refuseNulAndNullElements() {
        return builder -> builder
                .addModule(new SimpleModule("strict-json-input").addDeserializer(String.class, new NulFreeStrings()))
                .withConfigOverride(List.class, o -> o.setNullHandling(NULL_ELEMENTS_FAIL))
                .withConfigOverride(Set.class, o -> o.setNullHandling(NULL_ELEMENTS_FAIL))
                .withConfigOverride(Collection.class, o -> o.setNullHandling(NULL_ELEMENTS_FAIL));
    }

    /** Jackson's own string handling (coercions included), then a check for NUL. */
    static final class NulFreeStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                return (String) ctxt.reportInputMismatch(this, "must not contain a NUL character (U+0000)");
            }
            return value;
        }
    }
}
