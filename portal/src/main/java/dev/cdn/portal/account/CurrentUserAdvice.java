package dev.cdn.portal.account;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Exposes the signed-in user to every page as {@code currentUser}, for the header and the dashboard. */
@ControllerAdvice
class CurrentUserAdvice {

    @ModelAttribute("currentUser")
    Mono<PortalUser> currentUser() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .map(Authentication::getPrincipal)
                .ofType(PortalUser.class);
    }
}
