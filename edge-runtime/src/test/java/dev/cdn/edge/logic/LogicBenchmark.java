package dev.cdn.edge.logic;

import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Experiment;
import dev.cdn.config.FieldMatch;
import dev.cdn.config.FieldOp;
import dev.cdn.config.HeaderAction;
import dev.cdn.config.HeaderOp;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.LogicRule;
import dev.cdn.config.Stickiness;
import dev.cdn.config.Variant;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request cost of a service's edge logic: evaluating 0, 10 or 50 rules (path globs, methods, header,
 * cookie and query conditions, a regex, address prefixes; a realistic mix where a few rules match) plus one cookie
 * experiment, for a request that most rules do not match and one that several do. Run on demand
 * (docs/benchmarks.md, "Edge logic: per-request cost of 50 rules").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LogicBenchmark {

    @Param({"0", "10", "50"})
    public int rules;

    private CompiledLogic logic;
    private FakeRequest page;
    private FakeRequest api;

    @Setup
    public void setUp() throws Exception {
        List<LogicRule> list = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            list.add(rule(i));
        }
        List<Experiment> experiments = rules == 0 ? List.of() : List.of(new Experiment("home", LogicMatch.path("/"),
                Stickiness.COOKIE, null, null,
                List.of(new Variant("a", 50, null, null, null), new Variant("b", 50, null, null, null)), null));
        logic = CompiledLogic.compile(new EdgeLogic(experiments, list));
        page = FakeRequest.get("/products/shoes/item-4711.html").header("User-Agent", "Mozilla/5.0")
                .header("Accept", "text/html").cookie("session", "abc123");
        page.address = InetAddress.getByName("198.51.100.23");
        api = FakeRequest.get("/api/v2/items").header("X-Client", "app-42").cookie("exp_home", "1234");
        api.query.put("debug", "1");
        api.address = InetAddress.getByName("10.1.2.3");
    }

    /** Ten kinds of rule, repeated with distinct paths: most look at the path first, as real rule sets do. */
    static LogicRule rule(int i) {
        String section = "/s" + i;
        List<HeaderAction> header = List.of(new HeaderAction(HeaderOp.SET, "X-Rule-" + i, "on"));
        LogicMatch match = switch (i % 10) {
            case 0 -> LogicMatch.path(section + "/**");
            case 1 -> LogicMatch.path("/**" + section + "/*.html");
            case 2 -> new LogicMatch(section + "/**", List.of("POST", "PUT"), null, null, null, null, null, null);
            case 3 -> new LogicMatch(null, null, null, List.of(new FieldMatch("X-Tenant-" + i, FieldOp.PRESENT, null)),
                    null, null, null, null);
            case 4 -> new LogicMatch(null, null, null, null,
                    List.of(new FieldMatch("flag" + i, FieldOp.EQUALS, "on")), null, null, null);
            case 5 -> new LogicMatch(null, null, null, null, null,
                    List.of(new FieldMatch("q" + i, FieldOp.PREFIX, "x")), null, null);
            case 6 -> new LogicMatch(null, null, null,
                    List.of(new FieldMatch("X-Client", FieldOp.REGEX, "^app-" + i + "[0-9]*$")), null, null, null, null);
            case 7 -> new LogicMatch(null, null, null, null, null, null, List.of("203.0.113." + i + "/32", "2001:db8::/32"),
                    null);
            case 8 -> new LogicMatch(section + "/**", null, List.of("http"), null, null, null, null, null);
            default -> LogicMatch.path("/api/**");
        };
        return new LogicRule("r" + i, match, header, null, null, null, null, null, null);
    }

    @Benchmark
    public LogicOutcome pageRequest() {
        return logic.evaluate(page);
    }

    @Benchmark
    public LogicOutcome apiRequest() {
        return logic.evaluate(api);
    }
}
