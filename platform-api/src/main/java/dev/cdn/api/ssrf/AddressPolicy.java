package dev.cdn.api.ssrf;

import dev.cdn.config.AddressKind;
import dev.cdn.config.PrivateOriginAllowList;
import java.net.InetAddress;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The control plane's SSRF rule for every address it lets a tenant reach (origins, the HTTP ownership check):
 * public addresses only, unless the operator allow-lists the host and port in {@code cdn.allowed-private-origins}
 * ({@code CDN_ALLOWED_PRIVATE_ORIGINS}). The kinds refused are those of {@link AddressKind}.
 */
@Component
public class AddressPolicy {

    private final PrivateOriginAllowList allowList;

    AddressPolicy(@Value("${cdn.allowed-private-origins:}") String allowedPrivateOrigins) {
        try {
            this.allowList = PrivateOriginAllowList.parse(allowedPrivateOrigins);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cdn.allowed-private-origins (CDN_ALLOWED_PRIVATE_ORIGINS): "
                    + e.getMessage(), e);
        }
    }

    /** Why {@code host}, reached at {@code address}:{@code port}, is refused; empty when it may be reached. */
    public Optional<String> refusal(String host, InetAddress address, int port) {
        AddressKind kind = AddressKind.of(address);
        if (kind.isPublic() || allowList.allows(host, address, port)) {
            return Optional.empty();
        }
        return Optional.of("'" + host + "' is " + address.getHostAddress() + ", a " + describe(kind)
                + " address; only public addresses may be reached (an operator can allow one with"
                + " CDN_ALLOWED_PRIVATE_ORIGINS)");
    }

    public PrivateOriginAllowList allowList() {
        return allowList;
    }

    private static String describe(AddressKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
