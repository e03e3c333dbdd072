package dev.cdn.portal.api;

/** The body of a password reset or an invitation acceptance: the password the user chose. */
record PasswordRequest(String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "PasswordRequest[password=***]";
    }
}
