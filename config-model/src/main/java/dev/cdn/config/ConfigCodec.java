package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes config-model JSON. Reading is strict (unknown fields are errors, so a typo in a config file is
 * reported instead of silently ignored) and always validates: a value returned by a {@code read} method is safe to
 * compile.
 */
public final class ConfigCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private ConfigCodec() {
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static byte[] writeBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Parses and validates a whole edge config (the standalone file format). */
    public static EdgeConfig readEdgeConfig(byte[] json) {
        EdgeConfig config = parse(json, EdgeConfig.class);
        List<Violation> violations = ConfigValidator.validate(config);
        if (!violations.isEmpty()) {
            throw new InvalidConfigException(violations);
        }
        return config;
    }

    /** Parses and validates one service config. */
    public static ServiceConfig readServiceConfig(byte[] json) {
        ServiceConfig config = parse(json, ServiceConfig.class);
        List<Violation> violations = ConfigValidator.validate(config);
        if (!violations.isEmpty()) {
            throw new InvalidConfigException(violations);
        }
        return config;
    }

    /** Parses a purge command (as stored in the control plane's event log). */
    public static PurgeCommand readPurgeCommand(byte[] json) {
        PurgeCommand purge = parse(json, PurgeCommand.class);
        if (purge.kind() == null || purge.serviceId() == null) {
            throw new InvalidConfigException(List.of(new Violation("kind", "kind and serviceId are required")));
        }
        return purge;
    }

    /** Parses a warming order (as stored in the control plane's event log). */
    public static WarmCommand readWarmCommand(byte[] json) {
        WarmCommand warm = parse(json, WarmCommand.class);
        if (warm.serviceId() == null || warm.urls().isEmpty() || warm.ratePerSecond() < 1) {
            throw new InvalidConfigException(List.of(new Violation("warm", "serviceId, urls and ratePerSecond are required")));
        }
        return warm;
    }

    /** Parses the certificates and challenge answers a node serves ({@code GET /v1/edge/certificates}). */
    public static EdgeCertificates readEdgeCertificates(byte[] json) {
        EdgeCertificates read = parse(json, EdgeCertificates.class);
        for (int i = 0; i < read.certificates().size(); i++) {
            EdgeCertificates.Certificate c = read.certificates().get(i);
            if (c == null || c.id() == null || c.names() == null || c.chain() == null || c.key() == null) {
                throw new InvalidConfigException(List.of(new Violation("certificates[" + i + "]",
                        "id, names, chain and key are required")));
            }
        }
        for (int i = 0; i < read.challenges().size(); i++) {
            EdgeCertificates.Challenge c = read.challenges().get(i);
            if (c == null || c.host() == null || c.token() == null || c.keyAuthorization() == null) {
                throw new InvalidConfigException(List.of(new Violation("challenges[" + i + "]",
                        "host, token and keyAuthorization are required")));
            }
        }
        return read;
    }

    /** Parses and validates a shield topology document (as stored, pushed, or kept in a node's state). */
    public static dev.cdn.config.topology.Topology readTopology(byte[] json) {
        dev.cdn.config.topology.Topology topology = parse(json, dev.cdn.config.topology.Topology.class);
        List<Violation> violations = dev.cdn.config.topology.TopologyValidator.validate(topology);
        if (!violations.isEmpty()) {
            throw new InvalidConfigException(violations);
        }
        return topology;
    }

    /** Parses one control-channel event; an embedded service config is validated. */
    public static EdgeEvent readEvent(String jsonLine) {
        EdgeEvent event = parse(jsonLine.getBytes(java.nio.charset.StandardCharsets.UTF_8), EdgeEvent.class);
        if (event.type() == null) {
            throw new InvalidConfigException(List.of(new Violation("type", "is required")));
        }
        String missing = missingBody(event);
        if (missing != null) {
            throw new InvalidConfigException(List.of(new Violation(missing, "is required for a "
                    + event.type().name().toLowerCase(java.util.Locale.ROOT) + " event")));
        }
        if (event.type() == EdgeEvent.Type.TOPOLOGY || event.topology() != null) {
            List<Violation> violations = dev.cdn.config.topology.TopologyValidator.validate(event.topology());
            if (!violations.isEmpty()) {
                throw new InvalidConfigException(violations);
            }
        }
        if (event.service() != null) {
            List<Violation> violations = ConfigValidator.validate(event.service());
            if (!violations.isEmpty()) {
                throw new InvalidConfigException(violations);
            }
        }
        return event;
    }

    /**
     * The field an event of its type cannot be applied without, if it lacks it: read as null, it would fail where it is
     * applied instead of being refused here, where the node NACKs it and moves past it.
     */
    private static String missingBody(EdgeEvent event) {
        if (event.type() == EdgeEvent.Type.CONFIG && event.service() == null) {
            return "service";
        }
        if (event.type() == EdgeEvent.Type.PURGE) {
            if (event.purge() == null) {
                return "purge";
            }
            return event.purge().kind() == null ? "purge.kind" : event.purge().serviceId() == null ? "purge.serviceId" : null;
        }
        if (event.type() == EdgeEvent.Type.WARM) {
            return event.warm() == null ? "warm" : event.warm().serviceId() == null ? "warm.serviceId" : null;
        }
        if (event.type() == EdgeEvent.Type.REMOVE && event.serviceId() == null) {
            return "serviceId";
        }
        if (event.type() == EdgeEvent.Type.TOPOLOGY && event.topology() == null) {
            return "topology";
        }
        return null;
    }

    private static <T> T parse(byte[] json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidConfigException(List.of(new Violation("$", "document is empty")));
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidConfigException(e.getPathReference() == null ? "$" : e.getPathReference(),
                    e.getOriginalMessage(), e);
        }
    }
}
