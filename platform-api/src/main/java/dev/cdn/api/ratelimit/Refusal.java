package dev.cdn.api.ratelimit;

/** Why the per-tenant limit refused a call; each reason has one fixed problem detail (the numbers are in headers). */
enum Refusal {
    /** The tenant's bucket holds fewer tokens than the call costs. */
    BUDGET_SPENT("this tenant's API request budget is spent: see the RateLimit fields for the budget and"
            + " Retry-After for when this call fits again"),
    /** The credential was refused for an empty budget moments ago, and the budget has not refilled one token yet. */
    BUDGET_SPENT_RECENTLY("this credential's tenant spent its API request budget moments ago; retry after the"
            + " Retry-After seconds"),
    /** The tenant already has its maximum of calls being worked on. */
    TOO_MANY_IN_FLIGHT("this tenant has its maximum of API requests being worked on; wait for one to finish"),
    /** The tenant already has its maximum of expensive calls (costing more than one token) being worked on. */
    TOO_MANY_EXPENSIVE_IN_FLIGHT("this tenant has its maximum of expensive API requests (wide stats queries, large"
            + " audit pages) being worked on; wait for one to finish");

    private final String detail;

    Refusal(String detail) {
        this.detail = detail;
    }

    String detail() {
        return detail;
    }
}
