package dev.cdn.edge.upstream;

import java.time.Duration;

/**
 * How an edge judges its origins' health: the passive thresholds (what real traffic shows) and the active checks
 * (a periodic {@code GET healthCheckPath}). Immutable; build with {@link #builder()}, whose setters check each
 * value and name the setting in their message.
 *
 * @param failuresToEject   consecutive failed requests (connect error, timeout, 5xx) that take an origin out
 * @param ejectFor          how long an origin taken out by traffic is skipped before it is tried again
 * @param checkInterval     time between two rounds of active checks
 * @param checkTimeout      bound of one active check, connect to last byte
 * @param healthyAfter      consecutive passing checks that bring an unhealthy origin back
 * @param unhealthyAfter    consecutive failing checks that mark an origin unhealthy
 */
public record HealthSettings(int failuresToEject, Duration ejectFor, Duration checkInterval, Duration checkTimeout,
                             int healthyAfter, int unhealthyAfter) {

    public static final HealthSettings DEFAULTS = builder().build();

    public HealthSettings {
        Builder.count("failuresToEject", failuresToEject);
        Builder.positive("ejectFor", ejectFor);
        Builder.positive("checkInterval", checkInterval);
        Builder.positive("checkTimeout", checkTimeout);
        Builder.count("healthyAfter", healthyAfter);
        Builder.count("unhealthyAfter", unhealthyAfter);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from the defaults: 3 failures eject for 10 s; checks every 5 s, 2 s timeout, 2 up, 3 down. */
    public static final class Builder {
        private int failuresToEject = 3;
        private Duration ejectFor = Duration.ofSeconds(10);
        private Duration checkInterval = Duration.ofSeconds(5);
        private Duration checkTimeout = Duration.ofSeconds(2);
        private int healthyAfter = 2;
        private int unhealthyAfter = 3;

        private Builder() {
        }

        public Builder failuresToEject(int n) {
            this.failuresToEject = count("failuresToEject", n);
            return this;
        }

        public Builder ejectFor(Duration d) {
            this.ejectFor = positive("ejectFor", d);
            return this;
        }

        public Builder checkInterval(Duration d) {
            this.checkInterval = positive("checkInterval", d);
            return this;
        }

        public Builder checkTimeout(Duration d) {
            this.checkTimeout = positive("checkTimeout", d);
            return this;
        }

        public Builder healthyAfter(int n) {
            this.healthyAfter = count("healthyAfter", n);
            return this;
        }

        public Builder unhealthyAfter(int n) {
            this.unhealthyAfter = count("unhealthyAfter", n);
            return this;
        }

        public HealthSettings build() {
            return new HealthSettings(failuresToEject, ejectFor, checkInterval, checkTimeout, healthyAfter,
                    unhealthyAfter);
        }

        static int count(String setting, int n) {
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException(setting + " must be between 1 and 100, got " + n);
            }
            return n;
        }

        static Duration positive(String setting, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive, got " + d);
            }
            return d;
        }
    }
}
