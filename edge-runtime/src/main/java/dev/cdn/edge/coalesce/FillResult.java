package dev.cdn.edge.coalesce;

import dev.cdn.edge.store.CachedObject;

/**
 * What a fill produced for the requests waiting on it.
 *
 * @param object the stored object for {@link FillOutcome#FILLED}, else null
 * @param status the error status (502/504) for {@link FillOutcome#UPSTREAM_FAILED}, else 0
 */
public record FillResult(FillOutcome outcome, CachedObject object, int status) {

    public static FillResult filled(CachedObject object) {
        return new FillResult(FillOutcome.FILLED, object, 0);
    }

    public static FillResult of(FillOutcome outcome) {
        return new FillResult(outcome, null, 0);
    }

    public static FillResult failed(int status) {
        return new FillResult(FillOutcome.UPSTREAM_FAILED, null, status);
    }
}
