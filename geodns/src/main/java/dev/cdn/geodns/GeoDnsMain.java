package dev.cdn.geodns;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/** Runs the GeoDNS responder until the process is stopped; {@code --help} lists the flags. */
public final class GeoDnsMain {

    private GeoDnsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(GeoDnsSettings.HELP);
            return;
        }
        GeoDnsSettings settings;
        try {
            settings = GeoDnsSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("cdn-geodns: " + e.getMessage());
            System.exit(2);
            return;
        }
        GeoDns geodns = GeoDns.start(settings, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            geodns.close();
            stopped.countDown();
        }, "geodns-shutdown"));
        System.out.println("READY dns=" + geodns.dnsAddress() + " admin=" + geodns.adminAddress());
        stopped.await();
    }
}
