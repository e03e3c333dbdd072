package dev.cdn.portal.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/** Tells every page which section of the main navigation it belongs to, so the link can carry aria-current. */
@ControllerAdvice
class NavigationAdvice {

    @ModelAttribute("section")
    String section(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.startsWith("/tokens")) {
            return "tokens";
        }
        if (path.startsWith("/team")) {
            return "team";
        }
        if (path.startsWith("/audit")) {
            return "audit";
        }
        return path.startsWith("/dashboard") || path.startsWith("/services") || path.startsWith("/purges")
                ? "services" : "";
    }
}
