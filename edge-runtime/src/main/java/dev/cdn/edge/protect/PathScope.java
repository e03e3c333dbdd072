package dev.cdn.edge.protect;

import dev.cdn.config.PathGlob;
import java.util.List;

/** The paths a protection applies to: compiled globs, where none means every path. */
final class PathScope {

    private final List<PathGlob> globs;

    PathScope(List<String> globs) {
        this.globs = globs.stream().map(PathGlob::compile).toList();
    }

    /** True when {@code path} (normalized) is in scope. */
    boolean covers(String path) {
        if (globs.isEmpty()) {
            return true;
        }
        for (PathGlob g : globs) {
            if (g.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
