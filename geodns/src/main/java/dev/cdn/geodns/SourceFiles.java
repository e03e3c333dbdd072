package dev.cdn.geodns;

import dev.cdn.geodns.location.LocationFile;
import dev.cdn.geodns.location.LocationTable;
import dev.cdn.geodns.pop.Pop;
import dev.cdn.geodns.pop.PopFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's two files, re-read when either changes (modification time or size), so that a new PoP, a drained
 * one or new load and latency figures take effect without a restart. A file that fails to parse is not applied:
 * the last good pair keeps serving.
 */
final class SourceFiles {

    /** Both files, parsed. */
    record Loaded(List<Pop> pops, LocationTable locations) {
    }

    private final Path popFile;
    private final Path locationFile;
    private String stamp;

    SourceFiles(Path popFile, Path locationFile) {
        this.popFile = popFile;
        this.locationFile = locationFile;
    }

    /** Reads both files now; fails when either is missing or bad (at start-up, there is nothing to fall back to). */
    Loaded load() throws IOException {
        String s = stamp();
        Loaded loaded = new Loaded(PopFile.read(popFile), LocationFile.read(locationFile));
        stamp = s;
        return loaded;
    }

    /** The files again when either changed since the last read; empty when neither did. Throws when one is bad. */
    Optional<Loaded> reloadIfChanged() throws IOException {
        if (Objects.equals(stamp(), stamp)) {
            return Optional.empty();
        }
        return Optional.of(load());
    }

    private String stamp() throws IOException {
        return stamp(popFile) + "|" + stamp(locationFile);
    }

    private static String stamp(Path p) throws IOException {
        FileTime t = Files.getLastModifiedTime(p);
        return t.toMillis() + ":" + Files.size(p);
    }
}
