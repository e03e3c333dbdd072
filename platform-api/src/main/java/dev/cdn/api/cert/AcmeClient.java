package dev.cdn.api.cert;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * One ACME (RFC 8555) issuance with acme4j, blocking (run it on a worker thread): log in with the platform's
 * account key (7.3: an existing key finds its account), order the names (7.4), publish each HTTP-01 answer
 * (8.3) through {@link ChallengePublisher} and trigger it once the edges serve it, finalize with a fresh key for
 * the certificate, and download the chain.
 */
final class AcmeClient {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    /** One HTTP-01 answer to serve: {@code http://host/.well-known/acme-challenge/token} → keyAuthorization. */
    record Answer(String host, String token, String keyAuthorization) {
    }

    /** Makes the edges serve the answers; returns once they do (or its own timeout passed). */
    interface ChallengePublisher {
        void publish(List<Answer> answers) throws InterruptedException;
    }

    private final AcmeSettings settings;

    AcmeClient(AcmeSettings settings) {
        this.settings = settings;
    }

    /** Issues a certificate for {@code names} to {@code certificateKey}; the chain, leaf first. */
    List<X509Certificate> issue(KeyPair accountKey, List<String> names, KeyPair certificateKey,
                                ChallengePublisher publisher) throws AcmeException, InterruptedException {
        Session session = new Session(settings.directory().orElseThrow(), new Provider(sslContext()));
        AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
        settings.email().ifPresent(account::addEmail);
        Login login = account.createLogin(session);
        Order order = login.newOrder().domains(names).create();

        List<Answer> answers = new ArrayList<>();
        List<Challenge> challenges = new ArrayList<>();
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() == Status.VALID) {
                continue; // proved recently for this account
            }
            String domain = auth.getIdentifier().getDomain();
            Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow(() ->
                    new AcmeException("the CA offers no http-01 challenge for " + domain));
            answers.add(new Answer(domain, challenge.getToken(), challenge.getAuthorization()));
            challenges.add(challenge);
        }
        publisher.publish(answers);
        for (int i = 0; i < challenges.size(); i++) {
            Challenge challenge = challenges.get(i);
            challenge.trigger();
            Status status = challenge.waitForCompletion(STEP_TIMEOUT);
            if (status != Status.VALID) {
                throw new AcmeException("http-01 validation of " + answers.get(i).host() + " failed: "
                        + challenge.getError().map(p -> p.getDetail().orElse(p.toString())).orElse(status.name()));
            }
        }
        order.waitUntilReady(STEP_TIMEOUT);
        order.execute(certificateKey);
        Status status = order.waitForCompletion(STEP_TIMEOUT);
        if (status != Status.VALID) {
            throw new AcmeException("the order for " + names + " ended " + status + ": "
                    + order.getError().map(p -> p.getDetail().orElse(p.toString())).orElse("no detail"));
        }
        return order.getCertificate().getCertificateChain();
    }

    /** The JVM's trust store, or only the operator's bundle (a private ACME CA) when one is set. */
    private SSLContext sslContext() {
        if (settings.trustBundle().isEmpty()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(settings.trustBundle().get())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cdn.certs.acme.trust-bundle cannot be read: " + e, e);
        }
    }

    /** acme4j's generic provider, trusting the operator's bundle when one is set. */
    private static final class Provider extends GenericAcmeProvider {

        private final SSLContext ssl;

        Provider(SSLContext ssl) {
            this.ssl = ssl;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings networkSettings) {
            return new HttpConnector(networkSettings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    HttpClient.Builder builder = super.createClientBuilder();
                    return ssl == null ? builder : builder.sslContext(ssl);
                }
            };
        }
    }
}
