package dev.cdn.edge.logic;

import dev.cdn.config.HeaderAction;
import dev.cdn.config.PathRewrite;
import dev.cdn.edge.policy.PrivateToClient;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service's edge logic decided for one request: an answer of its own, or the changes to the request sent
 * upstream and to the response sent back, the experiments' variants, and the cache-key suffix that keeps each
 * variant's objects apart. Built once per request by {@link CompiledLogic#evaluate}; read-only afterwards.
 */
public final class LogicOutcome {

    /** The outcome of a request no rule or experiment touched (and of every request of a service without logic). */
    public static final LogicOutcome NONE = new LogicOutcome(new Builder());

    /** The response field naming the rules and variants that acted. */
    public static final String DEBUG_HEADER = "X-Edge-Logic";

    private final Answer answer;
    private final List<String> rules;
    private final List<Assignment> assignments;
    private final List<HeaderAction> requestOps;
    private final List<HeaderAction> responseOps;
    private final List<PathRewrite> rewrites;
    private final String pathPrefix;
    private final String originPool;
    private final String browserCacheControl;
    private final CorsPolicy cors;
    private final String corsOrigin;
    private final String keySuffix;

    private LogicOutcome(Builder b) {
        this.answer = b.answer;
        this.rules = b.rules == null ? List.of() : b.rules;
        this.assignments = b.assignments == null ? List.of() : b.assignments;
        this.requestOps = b.requestOps == null ? List.of() : b.requestOps;
        this.responseOps = b.responseOps == null ? List.of() : b.responseOps;
        this.rewrites = b.rewrites == null ? List.of() : b.rewrites;
        this.pathPrefix = b.pathPrefix;
        this.originPool = b.originPool;
        this.browserCacheControl = b.browserCacheControl;
        this.cors = b.cors;
        this.corsOrigin = b.corsOrigin;
        this.keySuffix = b.keySuffix == null ? "" : b.keySuffix.toString();
    }

    /** The edge's own answer (redirect, synthetic response, CORS preflight), or null when the request goes on. */
    public Answer answer() {
        return answer;
    }

    /** The names of the rules that matched, in order. */
    public List<String> rules() {
        return rules;
    }

    public List<Assignment> assignments() {
        return assignments;
    }

    /**
     * Appended to the cache key's primary part: each experiment's variant, and each rule that shaped the origin
     * request on a condition the URL does not show; empty when there is neither.
     */
    public String keySuffix() {
        return keySuffix;
    }

    /** The origin pool a variant chose, or null to keep the cache rule's. */
    public String originPool() {
        return originPool;
    }

    /**
     * True when what the origin is asked depends on more than the URL: such requests skip the shield tier, whose
     * cache is keyed on the URL and would hand one variant's object to another.
     */
    public boolean bypassesShield() {
        return !keySuffix.isEmpty() || originPool != null;
    }

    /** The path and query sent to the origin for a client's {@code pathAndQuery}: rewrites, then the variant's prefix. */
    public String originTarget(String pathAndQuery) {
        if (rewrites.isEmpty() && pathPrefix == null) {
            return pathAndQuery;
        }
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        for (PathRewrite r : rewrites) {
            if (path.startsWith(r.fromPrefix())) {
                path = r.toPrefix() + path.substring(r.fromPrefix().length());
            }
        }
        if (pathPrefix != null) {
            path = pathPrefix + path;
        }
        return q < 0 ? path : path + pathAndQuery.substring(q);
    }

    /** Applies the rules' and variants' request-header changes to the request going upstream. */
    public void applyToRequest(HttpHeaders upstream) {
        apply(requestOps, upstream);
    }

    /** Applies the response changes: header actions, browser Cache-Control, CORS, experiment cookies, debug field. */
    public void applyToResponse(HttpHeaders out) {
        if (this == NONE) {
            return;
        }
        apply(responseOps, out);
        if (browserCacheControl != null) {
            out.set("Cache-Control", browserCacheControl);
        }
        if (cors != null) {
            cors.decorate(out, corsOrigin);
        }
        boolean cookieSet = false;
        for (Assignment a : assignments) {
            if (a.setCookie() != null) {
                out.add("Set-Cookie", a.setCookie());
                cookieSet = true;
            }
        }
        if (cookieSet) {
            // An assignment cookie belongs to this visitor: no shared cache beyond the edge may keep it for others.
            PrivateToClient.mark(out);
        }
        String debug = describe();
        if (!debug.isEmpty()) {
            out.set(DEBUG_HEADER, debug);
        }
    }

    /** {@code rules=a,b; experiments=checkout:new}: what acted, for the debug field and logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!rules.isEmpty()) {
            sb.append("rules=").append(String.join(",", rules));
        }
        if (!assignments.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : "; ").append("experiments=");
            for (int i = 0; i < assignments.size(); i++) {
                Assignment a = assignments.get(i);
                sb.append(i == 0 ? "" : ",").append(a.experiment()).append(':').append(a.variantName());
            }
        }
        if (answer != null) {
            sb.append(sb.isEmpty() ? "" : "; ").append("answer=").append(answer.kind().token);
        }
        return sb.toString();
    }

    private static void apply(List<HeaderAction> ops, HttpHeaders h) {
        for (HeaderAction a : ops) {
            switch (a.op()) {
                case SET -> h.set(a.name(), a.value());
                case APPEND -> h.add(a.name(), a.value());
                case REMOVE -> h.remove(a.name());
            }
        }
    }

    /** Collects an outcome while the rules and experiments are evaluated; lists are made only when needed. */
    static final class Builder {
        private Answer answer;
        private List<String> rules;
        private List<Assignment> assignments;
        private List<HeaderAction> requestOps;
        private List<HeaderAction> responseOps;
        private List<PathRewrite> rewrites;
        private String pathPrefix;
        private String originPool;
        private String browserCacheControl;
        private CorsPolicy cors;
        private String corsOrigin;
        private StringBuilder keySuffix;

        void rule(CompiledLogicRule r, LogicRequest request) {
            rules = add(rules, r.name());
            if (!r.requestHeaders().isEmpty()) {
                requestOps = addAll(requestOps, r.requestHeaders());
            }
            if (!r.responseHeaders().isEmpty()) {
                responseOps = addAll(responseOps, r.responseHeaders());
            }
            if (r.originPath() != null) {
                rewrites = add(rewrites, r.originPath());
            }
            if (r.browserCacheControl() != null) {
                browserCacheControl = r.browserCacheControl();
            }
            if (r.cors() != null) {
                String origin = request.header("Origin");
                if (r.cors().allows(origin)) {
                    cors = r.cors();
                    corsOrigin = origin;
                }
            }
            if (r.keyed()) {
                suffix().append("|r:").append(r.name());
            }
        }

        void answer(Answer a) {
            this.answer = a;
        }

        void assign(Assignment a) {
            assignments = add(assignments, a);
            suffix().append("|x:").append(a.experiment()).append('=').append(a.variantName());
            if (!a.variant().requestHeaders().isEmpty()) {
                requestOps = addAll(requestOps, a.variant().requestHeaders());
            }
            if (a.variant().originPool() != null) {
                originPool = a.variant().originPool();
            }
            if (a.variant().pathPrefix() != null) {
                pathPrefix = pathPrefix == null ? a.variant().pathPrefix() : a.variant().pathPrefix() + pathPrefix;
            }
        }

        boolean touched() {
            return rules != null || assignments != null;
        }

        LogicOutcome build() {
            return touched() ? new LogicOutcome(this) : NONE;
        }

        private StringBuilder suffix() {
            if (keySuffix == null) {
                keySuffix = new StringBuilder();
            }
            return keySuffix;
        }

        private static <T> List<T> add(List<T> list, T item) {
            List<T> l = list == null ? new ArrayList<>(4) : list;
            l.add(item);
            return l;
        }

        private static <T> List<T> addAll(List<T> list, List<T> items) {
            List<T> l = list == null ? new ArrayList<>(items.size() + 2) : list;
            l.addAll(items);
            return l;
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
