package dev.cdn.api.secrets;

import dev.cdn.api.cert.CertificateSettings;
import dev.cdn.api.publish.NodeSecrets;
import dev.cdn.config.OriginAuth;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * Opens a service's origin-authentication value with the operator key as its config goes out to the nodes, and adds
 * it and the debug token's hash to the config's settings. Versions, diffs, the URL debugger, the event log and every
 * other answer of the API are built from stored configs, which never hold them.
 */
@Component
class SecretsForNodes implements NodeSecrets {

    private final CertificateSettings settings;

    SecretsForNodes(CertificateSettings settings) {
        this.settings = settings;
    }

    @Override
    public ServiceConfig attach(ServiceConfig c, String header, ByteBuffer sealed, String debugTokenSha256) {
        OriginAuth auth = null;
        if (header != null && sealed != null) {
            byte[] bytes = new byte[sealed.remaining()];
            sealed.duplicate().get(bytes);
            // A value sealed under another operator key cannot be opened: the read fails rather than drop it.
            byte[] plain = settings.sealer().orElseThrow(() -> new IllegalStateException(
                    "an origin-authentication value is stored but cdn.certs.encryption-key is not set"))
                    .open(bytes, OriginAuthStore.binding(c.id()));
            auth = new OriginAuth(header, new String(plain, StandardCharsets.US_ASCII));
        }
        if (auth == null && debugTokenSha256 == null) {
            return c;
        }
        return new ServiceConfig(c.id(), c.tenantId(), c.name(), c.version(), c.domains(), c.origins(), c.rules(),
                c.settings().withSecrets(new ServiceSecrets(auth, debugTokenSha256)), c.logic(), c.protection());
    }
}
