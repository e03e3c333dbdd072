package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a {@link FieldMatch} tests a field. */
public enum FieldOp {
    @JsonProperty("present") PRESENT,
    @JsonProperty("absent") ABSENT,
    @JsonProperty("equals") EQUALS,
    @JsonProperty("prefix") PREFIX,
    /** A Java regular expression that must find a match in the value (bounded in length; see the validator). */
    @JsonProperty("regex") REGEX
}
