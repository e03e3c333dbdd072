package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

@ExtendWith(OutputCaptureExtension.class)
class PasswordResetApiTest extends ApiTestBase {

    @Test
    void resetLinkFromTheLog_setsANewPassword_andEndsOldSessions(CapturedOutput output) {
        String oldSession = signupAndLogin("forgot@acme.test");
        web.post().uri("/v1/password-resets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "forgot@acme.test")).exchange().expectStatus().isAccepted();
        Matcher link = Pattern.compile("password reset link for forgot@acme.test: \\S+/password-reset/(cdn_r_[A-Za-z0-9_-]+)")
                .matcher(output.getOut());
        assertThat(link.find()).as("the reset link is logged").isTrue();
        String secret = link.group(1);

        web.post().uri("/v1/password-resets/" + secret).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "short")).exchange().expectStatus().isBadRequest();
        web.post().uri("/v1/password-resets/" + secret).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "a brand new password")).exchange().expectStatus().isNoContent();
        web.post().uri("/v1/password-resets/" + secret).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "another new password")).exchange().expectStatus().isNotFound();

        web.get().uri("/v1/me").headers(h -> h.setBearerAuth(oldSession)).exchange().expectStatus().isUnauthorized();
        web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "forgot@acme.test", "password", "correct horse battery"))
                .exchange().expectStatus().isUnauthorized();
        web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "forgot@acme.test", "password", "a brand new password"))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void resetForUnknownEmail_answersTheSame(CapturedOutput output) {
        web.post().uri("/v1/password-resets").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "nobody@acme.test")).exchange().expectStatus().isAccepted();
        assertThat(output.getOut()).doesNotContain("password reset link for nobody@acme.test");
    }
}
