package dev.cdn.edge.support;

import reactor.blockhound.BlockHound;

/** Installs BlockHound once per test JVM, so any blocking call on an event loop fails the test that made it. */
public final class BlockHoundSetup {

    private static boolean installed;

    private BlockHoundSetup() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        BlockHound.builder()
                // Console logging writes to stdout; in production it is the operator's choice of appender.
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                .install();
    }
}
