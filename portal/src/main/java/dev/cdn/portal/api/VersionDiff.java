package dev.cdn.portal.api;

import java.util.List;

/**
 * The changes from version {@code from} to version {@code to}, as a list of paths.
 *
 * @param changes {@code op} is {@code added}, {@code removed}, {@code changed} or {@code reordered}
 */
public record VersionDiff(int from, int to, List<Change> changes) {

    public VersionDiff {
        changes = ApiModels.list(changes);
    }

    /** One changed path such as {@code rules[static].edgeTtlSeconds}; before and after are JSON values. */
    public record Change(String path, String op, Object before, Object after) {
    }
}
