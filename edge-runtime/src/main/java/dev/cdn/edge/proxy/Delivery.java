package dev.cdn.edge.proxy;

/** What a fetch sends to its client: the body, headers only (HEAD), or nothing (background revalidation). */
enum Delivery {
    STREAM,
    HEADERS,
    NONE
}
