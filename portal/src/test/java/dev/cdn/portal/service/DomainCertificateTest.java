package dev.cdn.portal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cdn.portal.api.CertificateList;

/** Each verified domain's certificate state, from the certificates API's answer, in plain words. */
class DomainCertificateTest {

    private static final Instant NOT_AFTER = Instant.parse("2027-03-04T05:06:07Z");

    private static CertificateList.Certificate certificate(String status, String source, List<String> names,
            List<String> served) {
        return new CertificateList.Certificate("c-" + status, "s", source, status, names, served, "ab", null,
                NOT_AFTER, null);
    }

    private static CertificateList.Acme acme(String status, String error) {
        return new CertificateList.Acme(status, List.of("acme.shop.localhost"), 2, error, null,
                Instant.parse("2026-12-06T10:20:00Z"), null);
    }

    @Test
    void of_saysForEachDomainWhetherItsCertificateIsIssuedPendingFailedExpiredOrMissing() {
        CertificateList list = new CertificateList(List.of(
                certificate("active", "upload", List.of("www.shop.localhost"), List.of("www.shop.localhost")),
                certificate("expired", "upload", List.of("*.old.localhost"), List.of())),
                acme("failed", "http-01 validation of acme.shop.localhost failed: connection refused"));

        List<DomainCertificate> states = DomainCertificate.of(List.of("www.shop.localhost", "acme.shop.localhost",
                "a.old.localhost", "bare.localhost"), list);

        assertThat(states).extracting(DomainCertificate::state).containsExactly(CertificateState.ISSUED,
                CertificateState.FAILED, CertificateState.EXPIRED, CertificateState.NONE);
        assertThat(states.get(0).expires()).isEqualTo(NOT_AFTER);
        assertThat(states.get(0).detail()).isEqualTo("Uploaded; the edges serve it.");
        assertThat(states.get(1).detail()).isEqualTo("The last attempt to obtain one failed: http-01 validation of"
                + " acme.shop.localhost failed: connection refused. Next attempt: 2026-12-06T10:20:00Z.");
        assertThat(states.get(2).expires()).isEqualTo(NOT_AFTER);
        assertThat(states.get(3).detail()).startsWith("No certificate yet");
    }

    @Test
    void of_pendingAcmeOrder_isPending_andAServedCertificateWinsOverTheOrder() {
        CertificateList pending = new CertificateList(List.of(), acme("pending", null));
        assertThat(DomainCertificate.of("acme.shop.localhost", pending).state()).isEqualTo(CertificateState.PENDING);

        CertificateList issued = new CertificateList(List.of(certificate("active", "acme",
                List.of("acme.shop.localhost"), List.of("acme.shop.localhost"))), acme("issued", null));
        DomainCertificate served = DomainCertificate.of("acme.shop.localhost", issued);
        assertThat(served.state()).isEqualTo(CertificateState.ISSUED);
        assertThat(served.detail()).startsWith("Obtained by the platform");
    }

    @Test
    void of_withoutAnAnswer_isUnknownForEveryDomain() {
        assertThat(DomainCertificate.of(List.of("a.localhost", "b.localhost"), null))
                .extracting(DomainCertificate::state).containsOnly(CertificateState.UNKNOWN);
    }
}
