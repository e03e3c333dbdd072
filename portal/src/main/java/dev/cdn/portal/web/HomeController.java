package dev.cdn.portal.web;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/** The root URL: the dashboard for a signed-in user, the login page for everyone else. */
@Controller
class HomeController {

    @GetMapping("/")
    Mono<Rendering> home(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(principal -> "/dashboard")
                .defaultIfEmpty("/login")
                .map(target -> Rendering.redirectTo(target).build());
    }
}
