-- Counts per experiment variant per service and minute, as the edges report them (docs/edge-logic.md): summed over
-- nodes. A service has at most 10 experiments of 20 variants, so a minute holds at most 200 rows per service.
CREATE TABLE service_variant_stats (
    service_id      uuid NOT NULL,
    minute          timestamptz NOT NULL,
    experiment      text NOT NULL,
    variant         text NOT NULL,
    requests        bigint NOT NULL DEFAULT 0,
    hits            bigint NOT NULL DEFAULT 0,
    misses          bigint NOT NULL DEFAULT 0,
    status_2xx      bigint NOT NULL DEFAULT 0,
    status_3xx      bigint NOT NULL DEFAULT 0,
    status_4xx      bigint NOT NULL DEFAULT 0,
    status_5xx      bigint NOT NULL DEFAULT 0,
    origin_fetches  bigint NOT NULL DEFAULT 0,
    origin_ms       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, minute, experiment, variant)
);
