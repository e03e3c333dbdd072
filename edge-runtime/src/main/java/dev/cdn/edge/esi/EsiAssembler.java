package dev.cdn.edge.esi;

import java.net.URI;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Assembles an evaluated page (ESI 1.0 sections 3.1 and 3.4): every include starts at once, in parallel, and the
 * body is emitted in document order, each part as soon as it and everything before it is ready. An include tries
 * {@code src}, then {@code alt}; when both fail it vanishes under {@code onerror="continue"}, else the failure goes to
 * the enclosing {@code esi:try}, whose except is then fetched and emitted instead of the attempt; a failure outside
 * any try fails the page. The page's browser TTL is the smallest of its parts'.
 */
public final class EsiAssembler {

    private final FragmentSource source;
    private final AssemblyLimits limits;
    private final EsiRecorder recorder;
    private final Scheduler timer;

    /**
     * @param timer runs the per-include timeouts (tests pass a virtual-time scheduler)
     */
    public EsiAssembler(FragmentSource source, AssemblyLimits limits, EsiRecorder recorder, Scheduler timer) {
        this.source = source;
        this.limits = limits;
        this.recorder = recorder;
        this.timer = timer;
    }

    /**
     * An assembled page: its body in document order, cut at the output limit, and its browser TTL, known once every
     * include has settled. Both share the same fetches: subscribing to both fetches each fragment once. Both error
     * with {@link IncludeFailedException} when an include fails outside any try.
     */
    public record Page(Flux<byte[]> body, Mono<Long> browserTtlSeconds) {
    }

    /** Thrown through a page when an include failed outside any try (and without onerror="continue"). */
    public static final class IncludeFailedException extends RuntimeException {
        IncludeFailedException(String src) {
            super("include failed: " + src, null, false, false);
        }
    }

    /**
     * Assembles {@code assembly}, the page at {@code pageUrl} at nesting {@code depth} (0 for what the client asked
     * for), whose own response allows browsers {@code shellTtlSeconds}.
     */
    public Page assemble(Assembly assembly, URI pageUrl, int depth, HostPolicy hosts, long shellTtlSeconds) {
        Run run = new Run(pageUrl, depth, hosts, timer.now(java.util.concurrent.TimeUnit.NANOSECONDS)
                + limits.totalTimeout().toNanos());
        List<Mono<Piece>> pieces = run.pieces(assembly.parts());
        Flux<Piece> inOrder = Flux.mergeSequential(Flux.fromIterable(pieces));
        AtomicLong room = new AtomicLong(limits.maxOutputBytes());
        Flux<byte[]> body = inOrder.map(Piece::bytes).filter(b -> b.length > 0)
                .takeWhile(b -> room.get() > 0)
                .map(b -> cut(b, room));
        Mono<Long> ttl = inOrder.map(Piece::ttl).reduce(shellTtlSeconds, Math::min);
        return new Page(body, ttl);
    }

    private byte[] cut(byte[] bytes, AtomicLong room) {
        long left = room.getAndAdd(-bytes.length);
        if (left >= bytes.length) {
            return bytes;
        }
        recorder.truncated();
        return java.util.Arrays.copyOf(bytes, (int) Math.max(0, left));
    }

    /** Assembled output of one part: its bytes and the browser TTL it allows. */
    private record Piece(byte[] bytes, long ttl) {
        static Piece join(List<Piece> pieces) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            long ttl = Fragment.NO_TTL;
            for (Piece p : pieces) {
                out.writeBytes(p.bytes);
                ttl = Math.min(ttl, p.ttl);
            }
            return new Piece(out.toByteArray(), ttl);
        }
    }

    /** One page's assembly: its include count and where its URLs resolve. */
    private final class Run {
        private final URI pageUrl;
        private final int depth;
        private final HostPolicy hosts;
        private final AtomicInteger started = new AtomicInteger();
        /** When every include of the page must be done, on the timer's clock (nanoseconds). */
        private final long deadline;

        Run(URI pageUrl, int depth, HostPolicy hosts, long deadline) {
            this.pageUrl = pageUrl;
            this.depth = depth;
            this.hosts = hosts;
            this.deadline = deadline;
        }

        /** Each part as a cached Mono, so the body and the TTL share one fetch per include. */
        List<Mono<Piece>> pieces(List<Assembly.Part> parts) {
            List<Mono<Piece>> out = new ArrayList<>(parts.size());
            for (Assembly.Part part : parts) {
                out.add(piece(part).cache());
            }
            return out;
        }

        private Mono<Piece> piece(Assembly.Part part) {
            if (part instanceof Assembly.Literal l) {
                return Mono.just(new Piece(l.text().getBytes(StandardCharsets.ISO_8859_1), Fragment.NO_TTL));
            }
            if (part instanceof Assembly.Fetch f) {
                return include(f);
            }
            Assembly.Attempt a = (Assembly.Attempt) part;
            // The attempt is all or nothing (section 3.4), so it is held until complete; the except is only
            // fetched when the attempt failed.
            return branch(a.attempt()).onErrorResume(IncludeFailedException.class, e -> branch(a.except()));
        }

        private Mono<Piece> branch(List<Assembly.Part> parts) {
            return Flux.mergeSequential(Flux.fromIterable(pieces(parts))).collectList().map(Piece::join);
        }

        private Mono<Piece> include(Assembly.Fetch f) {
            Mono<Piece> fromAlt = f.alt() == null ? Mono.empty()
                    : fetch(f.alt()).doOnNext(p -> recorder.include(IncludeOutcome.ALT));
            return fetch(f.src()).doOnNext(p -> recorder.include(IncludeOutcome.SRC))
                    .switchIfEmpty(fromAlt)
                    .switchIfEmpty(Mono.defer(() -> {
                        if (f.continueOnError()) {
                            recorder.include(IncludeOutcome.CONTINUED);
                            return Mono.just(new Piece(new byte[0], Fragment.NO_TTL));
                        }
                        recorder.include(IncludeOutcome.FAILED);
                        return Mono.error(new IncludeFailedException(f.src()));
                    }));
        }

        /** One fetch: a fragment, or empty when it is refused or fails (each refusal is recorded). */
        private Mono<Piece> fetch(String src) {
            return Mono.defer(() -> {
                URI url;
                try {
                    url = pageUrl.resolve(src);
                } catch (IllegalArgumentException e) {
                    return Mono.empty();
                }
                if (depth + 1 > limits.maxDepth()) {
                    recorder.include(IncludeOutcome.TOO_DEEP);
                    return Mono.empty();
                }
                if (!hosts.permits(url)) {
                    recorder.include(IncludeOutcome.HOST_REFUSED);
                    return Mono.empty();
                }
                if (started.incrementAndGet() > limits.maxIncludes()) {
                    recorder.include(IncludeOutcome.OVER_CAP);
                    return Mono.empty();
                }
                long left = deadline - timer.now(java.util.concurrent.TimeUnit.NANOSECONDS);
                if (left <= 0) {
                    recorder.include(IncludeOutcome.TIMED_OUT);
                    return Mono.empty();
                }
                Duration timeout = Duration.ofNanos(Math.min(limits.includeTimeout().toNanos(), left));
                return source.fetch(url, depth + 1)
                        .timeout(timeout, timer)
                        .map(fragment -> new Piece(fragment.body(), fragment.browserTtlSeconds()))
                        .onErrorResume(e -> {
                            if (e instanceof TimeoutException) {
                                recorder.include(IncludeOutcome.TIMED_OUT);
                            }
                            return Mono.empty();
                        });
            });
        }
    }
}
