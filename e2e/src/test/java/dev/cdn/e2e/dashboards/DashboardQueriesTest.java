package dev.cdn.e2e.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.e2e.EndToEndPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard and Prometheus rules read only metrics the code exports, and every metric the
 * edges export is documented. The exported names come from scraping a real control plane, shield and edge after
 * traffic (a miss through the shield, a hit, an origin 404), not from a list kept by hand.
 */
class DashboardQueriesTest {

    private static final Path OPS = Path.of("..", "ops");
    private static final Path DOC = Path.of("..", "docs", "observability.md");
    private static EndToEndPlatform platform;
    private static Set<String> exported;
    private static Set<String> edgeFamilies;

    @BeforeAll
    static void scrapeARunningPlatform() {
        platform = EndToEndPlatform.start("dashboards.e2e.localhost");
        platform.get("/a");
        platform.get("/a");
        platform.get("/missing?status=404");
        platform.edge().reportStatsNow();
        String edge = platform.edgeMetrics();
        String shield = platform.shieldMetrics();
        String api = platform.apiMetrics();
        exported = new TreeSet<>();
        exported.addAll(Prometheus.sampleNames(edge));
        exported.addAll(Prometheus.sampleNames(shield));
        exported.addAll(Prometheus.sampleNames(api));
        edgeFamilies = new TreeSet<>(Prometheus.familyNames(edge));
        edgeFamilies.addAll(Prometheus.familyNames(shield));
        edgeFamilies.removeIf(n -> !n.startsWith("edge_"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void grafanaDashboard_readsOnlyExportedMetrics() throws IOException {
        JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(OPS.resolve("grafana/cdn-overview.json")));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.put(panel.get("title").asString() + " / " + target.get("refId").asString(),
                        target.get("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                queries.put("variable " + variable.get("name").asString(),
                        variable.get("definition").asString().replaceFirst("^label_values\\(([^,]+),.*$", "$1"));
            }
        }
        assertThat(queries).hasSizeGreaterThan(10);
        assertEveryQueryReadsExportedMetrics(queries);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusRules_readOnlyExportedMetrics() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(OPS.resolve("prometheus/cdn-alerts.yml")));
        Map<String, String> queries = new LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).as("rule %s", rule.get("alert")).containsKeys("alert", "expr", "labels", "annotations");
                queries.put((String) rule.get("alert"), (String) rule.get("expr"));
            }
        }
        assertThat(queries).hasSizeGreaterThan(5);
        assertEveryQueryReadsExportedMetrics(queries);
    }

    @Test
    void everyEdgeMetric_isDocumented() throws IOException {
        String doc = Files.readString(DOC);
        List<String> undocumented = new ArrayList<>();
        for (String family : edgeFamilies) {
            // Micrometer exports a timer's maximum as a gauge family of its own, {@code <timer>_max}.
            String documentedAs = family.endsWith("_seconds_max") ? family.substring(0, family.length() - 4) : family;
            if (!doc.contains("`" + documentedAs + "`")) {
                undocumented.add(family);
            }
        }
        assertThat(edgeFamilies).contains("edge_requests_total", "edge_request_latency_seconds");
        assertThat(undocumented).as("edge metrics missing from docs/observability.md").isEmpty();
    }

    private static void assertEveryQueryReadsExportedMetrics(Map<String, String> queries) {
        List<String> unknown = new ArrayList<>();
        queries.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as("metrics of %s", where).isNotEmpty();
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> unknown.add(where + ": " + n));
        });
        assertThat(unknown).as("queries naming metrics nobody exports").isEmpty();
    }
}
