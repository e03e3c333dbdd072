package dev.cdn.api;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Password guessing, mass sign-ups and reset floods are cut off with 429 and Retry-After. */
@Import(ManualTime.class)
@TestPropertySource(properties = {"cdn.api.signup.burst=3", "cdn.api.password-reset.per-address.burst=4",
        "cdn.api.password-reset.per-account.burst=2", "cdn.api.trusted-proxies=127.0.0.1"})
class BruteForceApiTest extends ApiTestBase {

    private int login(String email, String password, String from) {
        return web.post().uri("/v1/sessions").header("X-Forwarded-For", from).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange().returnResult(String.class).getStatus().value();
    }

    @Test
    void fiftyWrongPasswords_lockTheAccount_evenForTheRightPassword_untilTheLockoutEnds() {
        signupAndLogin("victim@brute.test");
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            int status = login("victim@brute.test", "wrong password " + i, "198.51.100.7");
            if (status == 429) {
                refused++;
            }
        }
        // Five free failures, then a doubling lockout: every later guess is refused unheard.
        org.assertj.core.api.Assertions.assertThat(refused).isEqualTo(44);
        web.post().uri("/v1/sessions").header("X-Forwarded-For", "203.0.113.50").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "victim@brute.test", "password", "correct horse battery"))
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After");

        ManualTime.NANOS.addAndGet(Duration.ofMinutes(16).toNanos());
        org.assertj.core.api.Assertions.assertThat(login("victim@brute.test", "correct horse battery", "203.0.113.50"))
                .isEqualTo(201);
    }

    @Test
    void oneAddressGuessingManyAccounts_isLockedOut() {
        // Twenty free failures per address, the 21st starts the lockout.
        for (int i = 0; i < 21; i++) {
            login("nobody" + i + "@brute.test", "guess", "198.51.100.99");
        }
        web.post().uri("/v1/sessions").header("X-Forwarded-For", "198.51.100.99").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "nobody-else@brute.test", "password", "guess"))
                .exchange().expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
        // Another address is unaffected.
        org.assertj.core.api.Assertions.assertThat(login("nobody-else@brute.test", "guess", "198.51.100.100"))
                .isEqualTo(401);
    }

    @Test
    void signups_fromOneAddress_areLimited() {
        for (int i = 0; i < 3; i++) {
            web.post().uri("/v1/signup").header("X-Forwarded-For", "192.0.2.10").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("tenantName", "T" + i, "email", "s" + i + "@signup.test",
                            "password", "correct horse battery"))
                    .exchange().expectStatus().isCreated();
        }
        web.post().uri("/v1/signup").header("X-Forwarded-For", "192.0.2.10").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "T3", "email", "s3@signup.test", "password", "correct horse battery"))
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After");
        web.post().uri("/v1/signup").header("X-Forwarded-For", "192.0.2.11").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "T4", "email", "s4@signup.test", "password", "correct horse battery"))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void passwordResets_areLimitedPerAccountAndPerAddress() {
        for (int i = 0; i < 2; i++) {
            web.post().uri("/v1/password-resets").header("X-Forwarded-For", "192.0.2.20")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "target@reset.test"))
                    .exchange().expectStatus().isAccepted();
        }
        // The same account from another address: the per-account budget is spent.
        web.post().uri("/v1/password-resets").header("X-Forwarded-For", "192.0.2.21")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "target@reset.test"))
                .exchange().expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
        // Other accounts from the first address: its budget (4) runs out after two more.
        for (int i = 0; i < 2; i++) {
            web.post().uri("/v1/password-resets").header("X-Forwarded-For", "192.0.2.20")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "other" + i + "@reset.test"))
                    .exchange().expectStatus().isAccepted();
        }
        web.post().uri("/v1/password-resets").header("X-Forwarded-For", "192.0.2.20")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "third@reset.test"))
                .exchange().expectStatus().isEqualTo(429);
    }
}
