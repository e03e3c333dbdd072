package dev.cdn.api;

import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the database login out of a Secrets Manager secret ({@link DatabaseSecret}): one blocking call, made at start
 * and then only off the event loops. Credentials for the call come from the SDK's default chain (an ECS task role).
 */
final class SecretsManagerLogins implements Supplier<DatabaseLogin.Login>, AutoCloseable {

    private final SecretsManagerClient client;
    private final String secretId;
    private final JsonMapper json = JsonMapper.builder().build();

    SecretsManagerLogins(DatabaseSecret secret) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (secret.endpoint() != null) {
            builder.endpointOverride(secret.endpoint());
        }
        if (secret.region() != null) {
            builder.region(Region.of(secret.region()));
        }
        this.client = builder.build();
        this.secretId = secret.id();
    }

    /** The login the secret's current version holds; the error names the secret, never its contents. */
    @Override
    public DatabaseLogin.Login get() {
        String value;
        try {
            value = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the database login from secret " + secretId
                    + " (cdn.db.secret.id, CDN_DB_SECRET_ID): " + e.getMessage(), e);
        }
        JsonNode doc;
        try {
            doc = value == null ? null : json.readTree(value);
        } catch (RuntimeException e) {
            doc = null;
        }
        if (doc == null || !doc.path("username").isString() || !doc.path("password").isString()) {
            throw new IllegalStateException("secret " + secretId + " (cdn.db.secret.id) must be JSON with the string "
                    + "keys \"username\" and \"password\", as RDS keeps a managed master password");
        }
        return new DatabaseLogin.Login(doc.path("username").asString(), doc.path("password").asString());
    }

    @Override
    public void close() {
        client.close();
    }
}
