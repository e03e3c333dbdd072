package dev.cdn.portal.account;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * The page a role refusal lands on: the portal's header and navigation, what the user's role allows and who can
 * help, answered with 403 so that scripts and tests see the refusal.
 */
@Controller
class NotAllowedController {

    static final String PATH = "/not-allowed";

    @GetMapping(PATH)
    Rendering notAllowed() {
        return Rendering.view("error/403").modelAttribute("status", 403).status(HttpStatus.FORBIDDEN).build();
    }
}
