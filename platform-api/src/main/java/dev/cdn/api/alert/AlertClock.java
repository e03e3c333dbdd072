package dev.cdn.api.alert;

import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The evaluator's time: windows, state changes, history and retry times are all read from here, never from the
 * database's clock, so that a test replaces it with one it moves (the lease alone uses the database's time, which
 * every replica shares).
 */
@Component
class AlertClock {

    Instant now() {
        return Instant.now();
    }

}
