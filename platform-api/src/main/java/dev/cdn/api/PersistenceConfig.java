package dev.cdn.api;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Beans shared by the features: transactions, the password encoder and the clock. */
@Configuration
class PersistenceConfig {

    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager manager) {
        return TransactionalOperator.create(manager);
    }

    /** The one clock the features read; tests replace it to move time without waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** bcrypt today, behind a delegating encoder so stored hashes can be upgraded later without a migration. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
