package dev.cdn.portal.api;

import java.util.List;

/** The envelope of {@code GET /v1/services}; kept internal since callers only want the items. */
record ServicePage(List<ServiceSummary> items) {

    ServicePage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
