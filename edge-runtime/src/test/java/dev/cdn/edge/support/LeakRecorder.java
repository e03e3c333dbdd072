package dev.cdn.edge.support;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Netty leak detector that records every leak it reports, so a test can fail on one instead of a log line going
 * unnoticed. Installed by {@code -Dio.netty.customResourceLeakDetector=dev.cdn.edge.support.LeakRecorder} together
 * with {@code -Dio.netty.leakDetection.level=paranoid} (every buffer tracked), which the stress tests' Surefire
 * execution sets (edge-runtime/pom.xml).
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    public LeakRecorder(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /**
     * The constructor Netty's factory also looks up when it starts: without it the factory logs an ERROR ("Could not
     * load custom resource leak detector class") though it goes on to use the one above, a false alarm in every stress
     * run's log.
     */
    @SuppressWarnings("deprecation")
    public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    /** Whether this JVM runs with this recorder and paranoid detection (else a leak test would prove nothing). */
    public static boolean active() {
        // Netty falls back to its own detector when it cannot load this one: ask the factory what it builds.
        return ResourceLeakDetector.getLevel() == Level.PARANOID && io.netty.util.ResourceLeakDetectorFactory.instance()
                .newResourceLeakDetector(LeakRecorder.class) instanceof LeakRecorder;
    }

    /** The leaks reported so far. */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
