package dev.cdn.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ServiceConfig;
import dev.cdn.edge.support.Configs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edge keeps cross-tenant domain ownership: another tenant's name inside a served wildcard never applies. */
class DomainOwnershipTest {

    private final ConfigHolder holder = new ConfigHolder(id -> { });

    private static ServiceConfig service(String id, String tenant, long version, String... domains) {
        ServiceConfig base = Configs.service(id, version, domains[0], 9);
        return new ServiceConfig(id, tenant, base.name(), version, List.of(domains), base.origins(), base.rules(),
                base.settings());
    }

    @Test
    void nameInsideAnotherTenantsWildcard_isRefused_andHostKeepsRoutingToOwner() {
        assertThat(holder.apply(service("a", "tenant-a", 1, "a.example", "*.a.example")).outcome())
                .isEqualTo(ApplyOutcome.APPLIED);

        ConfigHolder.Result hijack = holder.apply(service("b", "tenant-b", 1, "www.a.example"));

        assertThat(hijack.outcome()).isEqualTo(ApplyOutcome.FAILED);
        assertThat(hijack.error()).contains("www.a.example").contains("another tenant");
        assertThat(holder.current().route("www.a.example").id()).isEqualTo("a");
    }

    @Test
    void wildcardCoveringAnotherTenantsName_isRefused() {
        holder.apply(service("b", "tenant-b", 1, "api.b.example"));

        assertThat(holder.apply(service("a", "tenant-a", 1, "*.b.example")).outcome()).isEqualTo(ApplyOutcome.FAILED);
        assertThat(holder.apply(service("c", "tenant-b", 1, "*.b.example")).outcome())
                .as("the same tenant may hold a wildcard over its own names")
                .isEqualTo(ApplyOutcome.APPLIED);
    }

    @Test
    void sameVersionWithOtherDomains_applies_identicalReplayDoesNot() {
        holder.apply(service("a", "tenant-a", 3, "a.example"));

        assertThat(holder.apply(service("a", "tenant-a", 3, "a.example")).outcome())
                .isEqualTo(ApplyOutcome.UNCHANGED);
        assertThat(holder.apply(service("a", "tenant-a", 3, "a.example", "www.a.example")).outcome())
                .isEqualTo(ApplyOutcome.APPLIED);
        assertThat(holder.current().route("www.a.example").id()).isEqualTo("a");
        assertThat(holder.apply(service("a", "tenant-a", 2, "old.example")).outcome())
                .as("the control channel delivers activations in sequence: a lower version is a rollback")
                .isEqualTo(ApplyOutcome.APPLIED);
        assertThat(holder.current().route("old.example").id()).isEqualTo("a");
    }
}
