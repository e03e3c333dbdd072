package dev.cdn.portal.api;

/**
 * platform-api could not answer usefully: unreachable, too slow, a 5xx, or a body the portal cannot read.
 */
public final class ApiUnavailableException extends PlatformApiException {

    ApiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
