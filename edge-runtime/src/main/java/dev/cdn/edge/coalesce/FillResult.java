package dev.cdn.edge.coalesce;

import dev.cdn.edge.store.CachedObject;

/**
 * What a fill produced for the requests waiting on it.
 *
 * @param object the stored object for {@link FillOutcome#FILLED}, else null
 * @param status the error status (502/503/504) for {@link FillOutcome#UPSTREAM_FAILED}, else 0
 * @param stream the body being received for {@link FillOutcome#STREAMING}, else null
 */
public record FillResult(FillOutcome outcome, CachedObject object, int status, FillStream stream) {

    public static FillResult filled(CachedObject object) {
        return new FillResult(FillOutcome.FILLED, object, 0, null);
    }

    public static FillResult of(FillOutcome outcome) {
        return new FillResult(outcome, null, 0, null);
    }

    public static FillResult failed(int status) {
        return new FillResult(FillOutcome.UPSTREAM_FAILED, null, status, null);
    }

    public static FillResult streaming(FillStream stream) {
        return new FillResult(FillOutcome.STREAMING, null, 0, stream);
    }
}
