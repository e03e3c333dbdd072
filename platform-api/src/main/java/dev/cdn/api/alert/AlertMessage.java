package dev.cdn.api.alert;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of a rule's state, as notifications carry it (the webhook's JSON body and the e-mail's text).
 * {@code value} is the measurement that caused the change (null when there was too little data to judge).
 */
record AlertMessage(long eventId, UUID ruleId, String ruleName, UUID serviceId, String serviceName, String kind,
                    String state, Double value, Double threshold, int windowSeconds, String detail, Instant at) {
}
