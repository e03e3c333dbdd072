-- Alert rules may watch a service's certificates: its ACME order failing, or a certificate ending soon.
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check
    CHECK (kind IN ('hit_ratio_below', 'error_rate_above', 'origin_latency_p95_above', 'origin_unhealthy',
                    'ack_overdue', 'edge_offline', 'certificate_failing'));
