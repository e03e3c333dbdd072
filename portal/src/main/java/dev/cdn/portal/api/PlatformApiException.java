package dev.cdn.portal.api;

/**
 * Why a call to platform-api failed; the subtypes are the only outcomes callers need to tell apart.
 */
public abstract sealed class PlatformApiException extends RuntimeException
        permits ApiProblemException, ApiUnauthorizedException, ApiUnavailableException {

    PlatformApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
