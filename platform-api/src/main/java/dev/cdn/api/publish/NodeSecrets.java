package dev.cdn.api.publish;

import dev.cdn.config.ServiceConfig;
import java.nio.ByteBuffer;

/**
 * Adds a service's secrets to its config on the way out to the nodes. The event log never holds them: each read of a
 * config event joins the service's current row of {@code service_secrets} (the value sealed, the debug token hashed)
 * and this opens it, so no secret sits in the durable log and a replayed config carries the current secrets.
 */
public interface NodeSecrets {

    /**
     * {@code config} with the secrets in its settings; unchanged when every column is null.
     *
     * @param originAuthSealed the sealed origin-authentication value, or null
     */
    ServiceConfig attach(ServiceConfig config, String originAuthHeader, ByteBuffer originAuthSealed,
                         String debugTokenSha256);
}
