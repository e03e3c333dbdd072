package dev.cdn.portal.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.CertificateList;
import dev.cdn.portal.api.ServiceSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The certificates page: status, expiry and the last ACME error per service, and the upload form. */
class CertificatePagesSliceTest extends PortalSliceTest {

    static final String ID = "3f1c1d5e-0000-4000-8000-0000000000c1";
    static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49secretkeymaterial\n-----END PRIVATE KEY-----\n";

    @BeforeEach
    void stubService() {
        when(servicesApi.getService(anyString(), eq(ID)))
                .thenReturn(Mono.just(new ServiceSummary(ID, "shop", List.of("shop.test"), 1, 1, null)));
    }

    @Test
    void page_showsEachCertificatesStatusAndExpiry_andTheLastAcmeError() {
        when(domainsApi.certificates(anyString(), eq(ID))).thenReturn(Mono.just(new CertificateList(List.of(
                new CertificateList.Certificate("c1", ID, "upload", "active", List.of("shop.test"), List.of("shop.test"),
                        "ab".repeat(32), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-03-04T05:06:07Z"),
                        Instant.parse("2026-01-01T00:00:00Z"))),
                new CertificateList.Acme("failed", List.of("shop.test"), 2, "http-01 validation of shop.test failed:"
                        + " connection refused", Instant.parse("2026-12-06T10:00:00Z"),
                        Instant.parse("2026-12-06T10:20:00Z"), null))));

        String page = get("/services/" + ID + "/certificates", 200);

        assertThat(page).contains("<title>shop · Certificates · CDN Portal</title>", "certificate-row", "active",
                "upload", "2027", "http-01 validation of shop.test failed: connection refused", "failed",
                "Upload a certificate", "aria-current=\"page\"");
    }

    @Test
    void upload_refusedByTheApi_showsTheFieldError_andNeverEchoesTheKey() {
        when(domainsApi.certificates(anyString(), eq(ID))).thenReturn(Mono.just(new CertificateList(List.of(), null)));
        when(domainsApi.uploadCertificate(anyString(), eq(ID), any())).thenReturn(Mono.error(problem(400,
                new ApiFieldError("key", "does not belong to the leaf certificate (chain[0])"))));

        String page = post("/services/" + ID + "/certificates", "chain", "-----BEGIN CERTIFICATE-----\nMIIB\n",
                "key", KEY).expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("Does not belong to the leaf certificate", "BEGIN CERTIFICATE")
                .doesNotContain("secretkeymaterial");
    }

    @Test
    void upload_accepted_returnsToThePage() {
        when(domainsApi.uploadCertificate(anyString(), eq(ID), any())).thenReturn(Mono.just(new CertificateList.Certificate(
                "c2", ID, "upload", "active", List.of("shop.test"), List.of("shop.test"), "cd", Instant.now(),
                Instant.now().plusSeconds(86400), Instant.now())));

        post("/services/" + ID + "/certificates", "chain", "x", "key", KEY).expectStatus().is3xxRedirection()
                .expectHeader().valueEquals("Location", "/services/" + ID + "/certificates");
    }
}
