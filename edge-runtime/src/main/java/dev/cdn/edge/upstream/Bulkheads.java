package dev.cdn.edge.upstream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Hands out upstream connections by service, so that one service's slow upstream holds at most its own share
 * ({@link BulkheadSettings}): a connection is granted when its service, the service's origin (upstream address)
 * and the address over all services each have room. Otherwise the request waits in its service's own line, at
 * most {@code queuePerService} of them and at most the connect bound; beyond either it is refused at once
 * ({@link BulkheadFull}) instead of queueing behind traffic it has nothing to do with.
 *
 * <p>Fair queuing: every service has its own line, and a connection that comes free goes to the lines in turn
 * (round robin over the services that wait, one grant per turn), so a service with a thousand waiting requests
 * delays another service's single request by at most one turn. A line waits only for what its own service, origin
 * or address lacks, never for another service's line.
 *
 * <p>State changes are short critical sections on one lock, without I/O: safe on an event loop. Waiters are
 * completed outside the lock.
 */
public final class Bulkheads {

    private final BulkheadSettings limits;
    private final BiConsumer<String, BulkheadRefusal> onRefused;
    private final Scheduler timer;
    // Guarded by this.
    private final Map<String, Integer> addressInFlight = new HashMap<>();
    private final Map<String, Lane> lanes = new HashMap<>();
    /** The lanes with waiters, in the order they get their next turn. */
    private final ArrayDeque<Lane> turns = new ArrayDeque<>();
    private int inFlight;
    private int queued;

    /** @param onRefused told of every refusal, with the service it refused (for the metric) */
    public Bulkheads(BulkheadSettings limits, BiConsumer<String, BulkheadRefusal> onRefused) {
        this(limits, onRefused, Schedulers.parallel());
    }

    Bulkheads(BulkheadSettings limits, BiConsumer<String, BulkheadRefusal> onRefused, Scheduler timer) {
        this.limits = limits;
        this.onRefused = onRefused;
        this.timer = timer;
    }

    public BulkheadSettings limits() {
        return limits;
    }

    /** One service's share: what it holds now, per upstream address, and its line. */
    private static final class Lane {
        final String serviceId;
        final Map<String, Integer> perAddress = new HashMap<>();
        final ArrayDeque<Waiter> line = new ArrayDeque<>();
        int inFlight;
        boolean hasTurn;

        Lane(String serviceId) {
            this.serviceId = serviceId;
        }
    }

    private enum WaiterState { WAITING, GRANTED, GONE }

    /** A request in a service's line. */
    private static final class Waiter {
        final Lane lane;
        final String address;
        final MonoSink<Permit> sink;
        WaiterState state = WaiterState.WAITING;
        Permit permit;
        Disposable deadline;

        Waiter(Lane lane, String address, MonoSink<Permit> sink) {
            this.lane = lane;
            this.address = address;
            this.sink = sink;
        }
    }

    /** The right to use one upstream connection; released exactly once, whoever calls {@link #release()} first. */
    public final class Permit {
        private final String serviceId;
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String serviceId, String address) {
            this.serviceId = serviceId;
            this.address = address;
        }

        public String serviceId() {
            return serviceId;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                Bulkheads.this.release(this);
            }
        }
    }

    /**
     * A connection to {@code address} for {@code serviceId}: granted now when the shares allow, else after waiting
     * in the service's line for at most {@code maxWait}; fails with {@link BulkheadFull} when the line is full or
     * the wait ends. Cancelling gives the place (or the permit) back.
     */
    public Mono<Permit> acquire(String serviceId, String address, Duration maxWait) {
        return Mono.create(sink -> {
            Permit granted = null;
            Waiter waiter = null;
            synchronized (this) {
                Lane lane = lanes.computeIfAbsent(serviceId, Lane::new);
                // Nobody in a line fits after any change (each release hands out what fits), so a request that fits
                // now jumps nobody: first come, first served holds within and across services.
                if (fits(lane, address)) {
                    granted = take(lane, address);
                } else if (lane.line.size() < limits.queuePerService()) {
                    waiter = new Waiter(lane, address, sink);
                    lane.line.add(waiter);
                    queued++;
                    if (!lane.hasTurn) {
                        lane.hasTurn = true;
                        turns.add(lane);
                    }
                } else {
                    forgetIfIdle(lane);
                }
            }
            if (granted != null) {
                sink.success(granted);
                return;
            }
            if (waiter == null) {
                refuse(sink, serviceId, BulkheadRefusal.QUEUE_FULL);
                return;
            }
            Waiter w = waiter;
            sink.onCancel(() -> leave(w, null));
            Disposable deadline = timer.schedule(() -> leave(w, BulkheadRefusal.QUEUE_TIMEOUT), maxWait.toMillis(),
                    TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (w.state == WaiterState.WAITING) {
                    w.deadline = deadline;
                    deadline = null;
                }
            }
            if (deadline != null) {
                deadline.dispose(); // granted or gone meanwhile
            }
        });
    }

    private void refuse(MonoSink<Permit> sink, String serviceId, BulkheadRefusal reason) {
        onRefused.accept(serviceId, reason);
        sink.error(new BulkheadFull(serviceId, reason));
    }

    /** A waiter leaves its line: cancelled ({@code reason} null) or timed out. A permit granted meanwhile goes back. */
    private void leave(Waiter w, BulkheadRefusal reason) {
        Permit grantedMeanwhile = null;
        boolean left = false;
        synchronized (this) {
            if (w.state == WaiterState.WAITING) {
                w.state = WaiterState.GONE;
                w.lane.line.remove(w);
                queued--;
                if (w.lane.line.isEmpty() && w.lane.hasTurn) {
                    w.lane.hasTurn = false;
                    turns.remove(w.lane);
                }
                forgetIfIdle(w.lane);
                left = true;
            } else if (w.state == WaiterState.GRANTED && reason == null) {
                grantedMeanwhile = w.permit;
            }
        }
        if (grantedMeanwhile != null) {
            grantedMeanwhile.release(); // the grant raced the cancel and nobody will use it
        }
        if (left && reason != null) {
            refuse(w.sink, w.lane.serviceId, reason);
        }
    }

    private boolean fits(Lane lane, String address) {
        return lane.inFlight < limits.perService()
                && lane.perAddress.getOrDefault(address, 0) < limits.perOrigin()
                && addressInFlight.getOrDefault(address, 0) < limits.perAddress();
    }

    private Permit take(Lane lane, String address) {
        lane.inFlight++;
        lane.perAddress.merge(address, 1, Integer::sum);
        addressInFlight.merge(address, 1, Integer::sum);
        inFlight++;
        return new Permit(lane.serviceId, address);
    }

    private void release(Permit p) {
        List<Waiter> granted = new ArrayList<>();
        synchronized (this) {
            Lane lane = lanes.get(p.serviceId);
            lane.inFlight--;
            lane.perAddress.computeIfPresent(p.address, (a, n) -> n == 1 ? null : n - 1);
            addressInFlight.computeIfPresent(p.address, (a, n) -> n == 1 ? null : n - 1);
            inFlight--;
            grantInTurns(granted);
            forgetIfIdle(lane);
        }
        for (Waiter w : granted) {
            if (w.deadline != null) {
                w.deadline.dispose();
            }
            w.sink.success(w.permit);
        }
    }

    /**
     * Round robin over the waiting lines, one grant per line per round, until a round grants nothing. A line that
     * got a connection goes behind those that did not, so the next connection is theirs.
     */
    private void grantInTurns(List<Waiter> granted) {
        boolean progress = true;
        while (progress && !turns.isEmpty()) {
            progress = false;
            List<Lane> served = new ArrayList<>();
            List<Lane> passedOver = new ArrayList<>();
            while (!turns.isEmpty()) {
                Lane lane = turns.poll();
                Waiter w = firstThatFits(lane);
                if (w != null) {
                    w.state = WaiterState.GRANTED;
                    w.permit = take(lane, w.address);
                    queued--;
                    granted.add(w);
                    progress = true;
                }
                if (lane.line.isEmpty()) {
                    lane.hasTurn = false;
                } else {
                    (w != null ? served : passedOver).add(lane);
                }
            }
            turns.addAll(passedOver);
            turns.addAll(served);
        }
    }

    /** The first waiter of the line whose origin and address have room (the service's own share checked first). */
    private Waiter firstThatFits(Lane lane) {
        if (lane.inFlight >= limits.perService()) {
            return null;
        }
        for (Iterator<Waiter> it = lane.line.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (fits(lane, w.address)) {
                it.remove();
                return w;
            }
        }
        return null;
    }

    /** Lanes of services that hold nothing and wait for nothing are dropped: memory follows live traffic only. */
    private void forgetIfIdle(Lane lane) {
        if (lane.inFlight == 0 && lane.line.isEmpty() && !lane.hasTurn) {
            lanes.remove(lane.serviceId, lane);
        }
    }

    /** Connections in use through this node's bulkheads, over all services. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Requests waiting in a service's line, over all services. */
    public synchronized int queued() {
        return queued;
    }
}
