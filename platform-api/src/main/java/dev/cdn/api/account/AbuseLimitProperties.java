package dev.cdn.api.account;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on the public account calls ({@code cdn.api.*}), against password guessing and mass sign-ups:
 * see docs/security.md#rate-and-brute-force-limits.
 *
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-For} is believed (the portal, a load
 *                       balancer); empty: the connection's peer is the client
 */
@ConfigurationProperties("cdn.api")
record AbuseLimitProperties(List<String> trustedProxies, Login login, Budget signup, Reset passwordReset) {

    AbuseLimitProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        login = login == null ? new Login(null, null, null, null, null) : login;
        signup = signup == null ? new Budget(null, null) : signup;
        passwordReset = passwordReset == null ? new Reset(null, null) : passwordReset;
    }

    /** Log-in lockouts: free failures per account and per address, then a doubling lockout from base to max. */
    record Login(Integer accountFreeFailures, Integer addressFreeFailures, Duration lockoutBase, Duration lockoutMax,
                 Duration forgetAfter) {
        Login {
            accountFreeFailures = accountFreeFailures == null ? 5 : accountFreeFailures;
            addressFreeFailures = addressFreeFailures == null ? 20 : addressFreeFailures;
            lockoutBase = lockoutBase == null ? Duration.ofSeconds(1) : lockoutBase;
            lockoutMax = lockoutMax == null ? Duration.ofMinutes(15) : lockoutMax;
            forgetAfter = forgetAfter == null ? Duration.ofHours(1) : forgetAfter;
        }
    }

    /** A token bucket: {@code burst} at once, refilled at {@code perHour}. */
    record Budget(Integer burst, Integer perHour) {
        Budget {
            burst = burst == null ? 5 : burst;
            perHour = perHour == null ? 20 : perHour;
            if (burst < 1 || perHour < 1) {
                throw new IllegalArgumentException("a budget needs burst >= 1 and perHour >= 1");
            }
        }

        double perSecond() {
            return perHour / 3600.0;
        }
    }

    /** Password-reset requests: a budget per client address and a smaller one per target account. */
    record Reset(Budget perAddress, Budget perAccount) {
        Reset {
            perAddress = perAddress == null ? new Budget(5, 20) : perAddress;
            perAccount = perAccount == null ? new Budget(3, 6) : perAccount;
        }
    }
}
