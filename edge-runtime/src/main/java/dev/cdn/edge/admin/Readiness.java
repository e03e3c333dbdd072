package dev.cdn.edge.admin;

import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.store.DiskTrust;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Whether this node can serve correctly, as {@code GET /readyz} answers it (liveness is {@code /healthz}: the process
 * answers). Composes the {@link ReadinessCheck}s: configs to serve, caught up with the control plane once since start
 * (or serving fail static), and a usable disk tier. Reads only in-memory state on the calling thread; the disk probe
 * runs off the event loop.
 */
public final class Readiness {

    /** A node serving its {@code --config} file (valid, or it would not have started): ready while its disk tier is usable. */
    public static Readiness standalone(DiskStorage disk) {
        return new Readiness(false, () -> DiskTrust.TRUSTED, false, disk);
    }

    /**
     * A node fed by a control plane.
     *
     * @param catchUp      where the node stands with the event log: {@link DiskTrust#TRUSTED} once caught up since
     *                     start, {@link DiskTrust#WAITING} before the fail-static timeout, {@link DiskTrust#UNVERIFIED}
     *                     past it (the disk tier's gate, which holds the same rule)
     * @param persisted    whether the node loaded persisted configs (the last good ones) at start
     * @param disk         the disk tier, or null
     */
    public static Readiness managed(Supplier<DiskTrust> catchUp, boolean persisted, DiskStorage disk) {
        return new Readiness(true, catchUp, persisted, disk);
    }

    private final boolean managed;
    private final Supplier<DiskTrust> catchUp;
    private final boolean persisted;
    private final DiskStorage disk;
    private final DiskWriteProbe probe;

    private Readiness(boolean managed, Supplier<DiskTrust> catchUp, boolean persisted, DiskStorage disk) {
        this.managed = managed;
        this.catchUp = catchUp;
        this.persisted = persisted;
        this.disk = disk;
        this.probe = disk == null ? null : new DiskWriteProbe(disk.dir());
    }

    /** Every failing check, in {@link ReadinessCheck} order; empty when the node is ready. */
    public Mono<List<NotReady>> evaluate() {
        List<NotReady> failing = new ArrayList<>();
        DiskTrust standing = catchUp.get();
        if (managed) {
            if (standing != DiskTrust.TRUSTED && !persisted) {
                failing.add(new NotReady(NotReadyReason.NO_CONFIG,
                        "no config applied from the control plane since start, and none persisted"));
            }
            if (standing == DiskTrust.WAITING) {
                failing.add(new NotReady(NotReadyReason.NOT_CAUGHT_UP,
                        "waiting to replay the control plane's event log"));
            } else if (standing == DiskTrust.UNVERIFIED && !persisted) {
                failing.add(new NotReady(NotReadyReason.NOT_CAUGHT_UP,
                        "control plane away past the fail-static timeout, and no persisted state to serve"));
            }
        }
        if (disk == null) {
            return Mono.just(failing);
        }
        if (!disk.indexLoaded()) {
            failing.add(new NotReady(NotReadyReason.DISK_INDEX_NOT_LOADED, "the disk index is not loaded"));
        }
        if (managed && standing == DiskTrust.WAITING) {
            failing.add(new NotReady(NotReadyReason.DISK_WAITING_FOR_CATCH_UP,
                    "the disk tier is not read until the node has caught up (or the fail-static timeout)"));
        }
        return probe.probe().map(result -> {
            result.ifPresent(failing::add);
            return failing;
        });
    }
}
