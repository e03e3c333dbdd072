package dev.cdn.edge.config;

import dev.cdn.config.ConfigValidator;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.HostNames;
import dev.cdn.config.ServiceConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Holds the current {@link ConfigSnapshot} in an {@link AtomicReference}: writers build a new snapshot and swap
 * it; readers take one reference per request. Writers are serialized (synchronized) so that version checks and
 * swaps are atomic with respect to each other; readers never lock.
 */
public final class ConfigHolder {

    private final AtomicReference<ConfigSnapshot> current = new AtomicReference<>(ConfigSnapshot.EMPTY);
    private final Consumer<String> onServiceRemoved;

    /** @param onServiceRemoved called with a service id after it stops being served (to drop its objects) */
    public ConfigHolder(Consumer<String> onServiceRemoved) {
        this.onServiceRemoved = onServiceRemoved;
    }

    public ConfigSnapshot current() {
        return current.get();
    }

    public OptionalLong version(String serviceId) {
        CompiledService s = current.get().service(serviceId);
        return s == null ? OptionalLong.empty() : OptionalLong.of(s.version());
    }

    /**
     * Applies one service config, whatever its version number: the control channel delivers activations in
     * sequence order, and the last one activated is the one to serve, also when it is an older version (a
     * rollback). A config equal to the one served changes nothing. A failure leaves the last good config in force.
     */
    public synchronized Result apply(ServiceConfig config) {
        ConfigSnapshot snap = current.get();
        CompiledService existing = snap.service(config.id());
        if (existing != null && existing.config().equals(config)) {
            return new Result(ApplyOutcome.UNCHANGED, null);
        }
        String clash = domainClash(snap, config);
        if (clash != null) {
            return new Result(ApplyOutcome.FAILED, clash);
        }
        try {
            current.set(snap.with(CompiledService.compile(config)));
            return new Result(ApplyOutcome.APPLIED, null);
        } catch (RuntimeException e) {
            return new Result(ApplyOutcome.FAILED, e.getMessage());
        }
    }

    /** Stops serving a service; true when it was served. */
    public synchronized boolean remove(String serviceId) {
        ConfigSnapshot snap = current.get();
        if (snap.service(serviceId) == null) {
            return false;
        }
        current.set(snap.without(serviceId));
        onServiceRemoved.accept(serviceId);
        return true;
    }

    /** Replaces everything with a whole edge config (standalone mode): all services compile, or none apply. */
    public synchronized void replaceAll(EdgeConfig config) {
        List<CompiledService> compiled = new ArrayList<>();
        for (ServiceConfig s : config.services()) {
            compiled.add(CompiledService.compile(s));
        }
        ConfigSnapshot old = current.get();
        ConfigSnapshot next = ConfigSnapshot.of(compiled);
        current.set(next);
        for (String id : old.services().keySet()) {
            if (next.service(id) == null) {
                onServiceRemoved.accept(id);
            }
        }
    }

    /** Every served config, for persisting (fail static) and for the admin view. */
    public List<ServiceConfig> configs() {
        return current.get().services().values().stream().map(CompiledService::config).toList();
    }

    private static String domainClash(ConfigSnapshot snap, ServiceConfig config) {
        Set<String> mine = new HashSet<>();
        config.domains().forEach(d -> mine.add(HostNames.normalize(d)));
        for (CompiledService other : snap.services().values()) {
            if (other.id().equals(config.id())) {
                continue;
            }
            for (String d : other.config().domains()) {
                if (mine.contains(HostNames.normalize(d))) {
                    return "domain '" + d + "' is already served by service '" + other.id() + "'";
                }
            }
            String clash = ConfigValidator.tenantClash(other.config(), config);
            if (clash != null) {
                return clash;
            }
        }
        return null;
    }

    /** The outcome of {@link #apply} and, on failure, why. */
    public record Result(ApplyOutcome outcome, String error) {
    }
}
