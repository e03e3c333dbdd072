package dev.cdn.api;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The rate limits' time source, moved by the test ({@link #NANOS}) instead of by waiting. Only ever moves forward. */
@TestConfiguration
public class ManualTime {

    public static final AtomicLong NANOS = new AtomicLong();

    @Bean
    @Primary
    Ticker manualTicker() {
        return NANOS::get;
    }
}
