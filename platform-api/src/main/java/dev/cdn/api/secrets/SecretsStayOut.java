package dev.cdn.api.secrets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.cdn.config.ServiceSettings;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's JSON mapper (every answer, every request body, every audit record) neither reads nor writes a
 * service's {@code settings.secrets}: secrets are set only through their own routes, so a draft can never carry one
 * into a version, and no answer can show one. The config codec, which writes what nodes receive, keeps them.
 */
@Configuration
class SecretsStayOut {

    @Bean
    JsonMapperBuilderCustomizer settingsWithoutSecrets() {
        return builder -> builder.addMixIn(ServiceSettings.class, SettingsWithoutSecrets.class);
    }

    @JsonIgnoreProperties("secrets")
    private interface SettingsWithoutSecrets {
    }
}
