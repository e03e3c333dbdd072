package dev.cdn.api.account;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.ratelimit.ClientAddresses;
import dev.cdn.api.ratelimit.FailureLockout;
import dev.cdn.api.ratelimit.KeyedBuckets;
import dev.cdn.api.ratelimit.RateLimitHeaders;
import dev.cdn.api.ratelimit.RateVerdict;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The brute-force limits of the public account calls, in one place: log-in lockouts per account and per client
 * address, and budgets for sign-up (per address) and password-reset requests (per address and per account).
 * Counted in memory per API replica. A refusal is a 429 problem with {@code Retry-After}.
 */
@Component
class AbuseLimits {

    private final ClientAddresses addresses;
    private final FailureLockout accountLogins;
    private final FailureLockout addressLogins;
    private final KeyedBuckets signups;
    private final KeyedBuckets resetsByAddress;
    private final KeyedBuckets resetsByAccount;

    AbuseLimits(AbuseLimitProperties p, Ticker ticker) {
        this.addresses = new ClientAddresses(p.trustedProxies());
        var login = p.login();
        this.accountLogins = new FailureLockout(login.accountFreeFailures(), login.lockoutBase(), login.lockoutMax(),
                login.forgetAfter(), ticker);
        this.addressLogins = new FailureLockout(login.addressFreeFailures(), login.lockoutBase(), login.lockoutMax(),
                login.forgetAfter(), ticker);
        this.signups = new KeyedBuckets(p.signup().burst(), p.signup().perSecond(), ticker);
        this.resetsByAddress = new KeyedBuckets(p.passwordReset().perAddress().burst(),
                p.passwordReset().perAddress().perSecond(), ticker);
        this.resetsByAccount = new KeyedBuckets(p.passwordReset().perAccount().burst(),
                p.passwordReset().perAccount().perSecond(), ticker);
    }

    String client(ServerHttpRequest request) {
        return addresses.of(request);
    }

    /** Throws 429 while the account or the address is locked out; the password is not even checked then. */
    void checkLogin(String email, String client) {
        long wait = Math.max(accountLogins.lockedForSeconds(account(email)), addressLogins.lockedForSeconds(client));
        if (wait > 0) {
            throw ApiException.tooManyRequests("too many failed log-ins for this account or from this address; retry in "
                    + wait + " s", wait);
        }
    }

    void loginFailed(String email, String client) {
        accountLogins.failed(account(email));
        addressLogins.failed(client);
    }

    /** A success clears the account's failures; the address's stay, so one valid account cannot reset them. */
    void loginSucceeded(String email) {
        accountLogins.succeeded(account(email));
    }

    void checkSignup(String client) {
        spend(signups, client, "sign-ups from this address");
    }

    void checkPasswordReset(String email, String client) {
        spend(resetsByAddress, client, "password-reset requests from this address");
        spend(resetsByAccount, account(email), "password-reset requests for this account");
    }

    private static void spend(KeyedBuckets buckets, String key, String what) {
        RateVerdict verdict = buckets.take(key);
        if (!verdict.allowed()) {
            HttpHeaders headers = new HttpHeaders();
            RateLimitHeaders.write(headers, verdict, buckets.windowSeconds());
            headers.remove(HttpHeaders.RETRY_AFTER);
            throw ApiException.tooManyRequests("too many " + what + "; retry in " + verdict.retryAfterSeconds() + " s",
                    verdict.retryAfterSeconds()).withHeaders(headers);
        }
    }

    private static String account(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
