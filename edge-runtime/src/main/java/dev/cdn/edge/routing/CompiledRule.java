package dev.cdn.edge.routing;

import dev.cdn.config.CacheRule;
import dev.cdn.config.PathGlob;
import dev.cdn.config.RuleMatch;
import dev.cdn.edge.key.QueryFilter;
import java.util.List;
import java.util.Locale;

/** A cache rule with its matchers and query filter compiled once, when the config is applied. */
public final class CompiledRule {

    private final CacheRule rule;
    private final String pathPrefix;
    private final PathGlob glob;
    private final List<String> extensions;
    private final List<String> methods;
    private final QueryFilter query;
    private final List<String> varyNames;

    public CompiledRule(CacheRule rule) {
        this.rule = rule;
        RuleMatch m = rule.match();
        this.pathPrefix = m.pathPrefix();
        this.glob = m.glob() == null ? null : PathGlob.compile(m.glob());
        this.extensions = m.extensions().stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        this.methods = m.methods();
        this.query = QueryFilter.of(rule.queryMode(), rule.queryParams());
        this.varyNames = rule.varyHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** True when every criterion of the rule's match holds for a normalized path and a method. */
    public boolean matches(String path, String method) {
        if (pathPrefix != null && !path.startsWith(pathPrefix)) {
            return false;
        }
        if (glob != null && !glob.matches(path)) {
            return false;
        }
        if (!extensions.isEmpty() && !extensions.contains(extension(path))) {
            return false;
        }
        return methods.isEmpty() || methods.contains(method);
    }

    /** The lower-case extension of the last path segment, or "" when it has none. */
    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash && dot < path.length() - 1 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    public CacheRule rule() {
        return rule;
    }

    public QueryFilter query() {
        return query;
    }

    /** Lower-case request headers the origin's Vary may key on under this rule. */
    public List<String> varyNames() {
        return varyNames;
    }
}
