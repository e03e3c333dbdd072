package dev.cdn.api.alert;

/**
 * What one evaluation of a rule found: the value compared with the threshold (null: too little data to judge,
 * which never fires) and a sentence saying what it means.
 */
record Measurement(Double value, String detail) {
}
