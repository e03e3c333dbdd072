package dev.cdn.api.account;

import java.time.Instant;
import java.util.UUID;

/** Response bodies of the account endpoints. Never contains a password hash. */
final class AccountView {

    private AccountView() {
    }

    record Tenant(UUID id, String name) {
    }

    record User(UUID id, String email, String role) {
    }

    record Signup(Tenant tenant, User user) {
    }

    record Session(String token, Instant expiresAt, User user, Tenant tenant) {
    }
}
