package dev.cdn.edge.config;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode: loads the edge config file and reloads it when its modification time or size changes,
 * polling on a thread of its own (file I/O never runs on an event loop). Polling rather than WatchService
 * because it works the same on every file system, including bind mounts and editors that replace files. A bad
 * file is logged with its reason and the last good config stays in force.
 */
public final class FileConfigWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileConfigWatcher.class);

    private final Path file;
    private final ConfigHolder holder;
    private final ScheduledExecutorService executor;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastStamp = "";

    public FileConfigWatcher(Path file, ConfigHolder holder) {
        this.file = file;
        this.holder = holder;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-config-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the file now (failing if it is unreadable or invalid), then polls at the interval. */
    public void start(Duration interval) {
        String stamp = stamp();
        try {
            holder.replaceAll(read());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load config file " + file + ": " + e.getMessage(), e);
        }
        lastStamp = stamp;
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Reloads when the file changed since the last look; public so that tests can drive it without waiting. */
    public void poll() {
        String stamp = stamp();
        if (stamp.equals(lastStamp)) {
            return;
        }
        lastStamp = stamp;
        try {
            EdgeConfig config = read();
            holder.replaceAll(config);
            reloads.incrementAndGet();
            log.info("reloaded {}: {} service(s)", file, config.services().size());
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            log.warn("config file {} rejected, keeping the last good config: {}", file, e.getMessage());
        }
    }

    public long reloads() {
        return reloads.get();
    }

    public long failures() {
        return failures.get();
    }

    private EdgeConfig read() throws IOException {
        return ConfigCodec.readEdgeConfig(Files.readAllBytes(file));
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.lastModifiedTime().toInstant().getNano();
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
