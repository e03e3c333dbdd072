package dev.cdn.api.protect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.SigningKey;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Signing-key secrets go into the API and never come out. The application's JSON mapper (every answer, every
 * audit record) writes a {@link SigningKey} as its id and fingerprint only, yet still reads a secret sent in a
 * request. The configs stored for edges and sent to them use the config codec, which keeps the secret: the edges
 * need it to check tokens.
 */
@Configuration
public class SecretRedaction {

    @Bean
    JsonMapperBuilderCustomizer signingKeysWithoutSecrets() {
        return builder -> builder.addMixIn(SigningKey.class, KeyWithoutSecret.class);
    }

    /** A config as the API may show it anywhere the config codec writes it (the diff, for one). */
    public static ServiceConfig redact(ServiceConfig c) {
        return new ServiceConfig(c.id(), c.tenantId(), c.name(), c.version(), c.domains(), c.origins(), c.rules(),
                c.settings(), c.logic(), c.protection().redacted());
    }

    @JsonIgnoreProperties(value = "secret", allowSetters = true)
    private interface KeyWithoutSecret {
    }
}
