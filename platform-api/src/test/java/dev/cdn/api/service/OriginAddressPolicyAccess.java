package dev.cdn.api.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Test access to the package-private SSRF classification. */
public final class OriginAddressPolicyAccess {

    private OriginAddressPolicyAccess() {
    }

    public static boolean isPrivate(String literal) {
        try {
            return OriginAddressPolicy.isPrivate(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
