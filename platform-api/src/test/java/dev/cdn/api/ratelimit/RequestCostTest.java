package dev.cdn.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;

class RequestCostTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @ParameterizedTest(name = "{0} {1} costs {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /v1/services                                                                      | 1
            POST   | /v1/services/abc/stats?from=2026-11-05T12:00:00Z&step=60                           | 1
            GET    | /v1/services/abc                                                                  | 1
            GET    | /v1/services/abc/stats                                                            | 1
            GET    | /v1/services/abc/stats?from=2026-12-06T02:00:00Z                                  | 6
            GET    | /v1/services/abc/stats?from=2026-11-05T12:00:00Z&step=1920                        | 14
            GET    | /v1/services/abc/stats?from=2026-11-05T12:00:00Z&to=2026-12-06T12:00:00Z&step=1860 | 15
            GET    | /v1/services/abc/stats?from=2026-11-06T12:00:00Z&step=86400                       | 1
            GET    | /v1/services/abc/stats?from=-4713-11-24T00:00:00Z&step=1073741760                 | 1
            GET    | /v1/services/abc/stats?from=2025-01-01T00:00:00Z&step=60                          | 1
            GET    | /v1/services/abc/stats?from=yesterday                                             | 1
            GET    | /v1/services/abc/stats?from=2026-12-06T11:00:00Z&step=0                           | 1
            GET    | /v1/services/abc/stats?from=2026-12-06T13:00:00Z                                  | 1
            GET    | /v1/services/abc/origins/stats                                                    | 1
            GET    | /v1/audit                                                                         | 1
            GET    | /v1/audit?limit=51                                                                | 2
            GET    | /v1/audit?limit=500                                                               | 10
            GET    | /v1/audit?limit=501                                                               | 1
            GET    | /v1/audit?limit=many                                                              | 1
            """)
    void of_costsFollowTheWorkTheParametersAskFor(String method, String uri, long cost) {
        var parts = UriComponentsBuilder.fromUriString(uri).build();
        assertThat(RequestCost.of(HttpMethod.valueOf(method), parts.getPath(), parts.getQueryParams(), NOW))
                .isEqualTo(cost);
    }
}
