package dev.cdn.edge.control;

/** One acknowledgement of a control-channel event, as posted to {@code /v1/edge/acks}. */
public record Ack(long seq, String serviceId, Long version, String purgeId, String status, String error) {

    public static Ack applied(long seq, String serviceId, Long version, String purgeId) {
        return new Ack(seq, serviceId, version, purgeId, "applied", null);
    }

    public static Ack failed(long seq, String serviceId, Long version, String purgeId, String error) {
        return new Ack(seq, serviceId, version, purgeId, "failed", error);
    }
}
