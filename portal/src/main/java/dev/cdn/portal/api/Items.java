package dev.cdn.portal.api;

import java.util.List;

/** The {@code {"items":[...]}} envelope of list endpoints; callers only ever see the list. */
record Items<T>(List<T> items) {

    Items {
        items = ApiModels.list(items);
    }
}
