package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One acknowledgement of a control-channel event. {@code version} is set for a config event, {@code purgeId} for a
 * purge or warming order, {@code error} when {@code status} is {@link AckStatus#FAILED}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ack(long seq, String serviceId, Long version, String purgeId, AckStatus status, String error) {

    public static Ack applied(long seq, String serviceId, Long version, String purgeId) {
        return new Ack(seq, serviceId, version, purgeId, AckStatus.APPLIED, null);
    }

    public static Ack failed(long seq, String serviceId, Long version, String purgeId, String error) {
        return new Ack(seq, serviceId, version, purgeId, AckStatus.FAILED, error);
    }
}
