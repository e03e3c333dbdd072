package dev.cdn.api.account;

/** Request bodies of the account endpoints. */
final class AccountRequests {

    private AccountRequests() {
    }

    record Signup(String tenantName, String email, String password) {
    }

    record Login(String email, String password) {
    }
}
