package dev.cdn.edge.logic;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time one evaluation of {@link LogicBenchmark}'s rule sets takes, from the thread's own CPU clock: on a
 * machine shared with other work, wall-clock benchmarks (JMH's included) also count the time the thread waited for
 * a core, CPU time does not. Prints the median of 7 rounds per case (docs/benchmarks.md).
 */
public final class LogicCpuCost {

    private LogicCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int perRound = 200_000;
        for (int rules : new int[] {0, 10, 50}) {
            LogicBenchmark b = new LogicBenchmark();
            b.rules = rules;
            b.setUp();
            long sink = 0;
            for (int i = 0; i < 2_000_000; i++) { // warm-up: let the JIT compile the evaluation
                sink += b.pageRequest().rules().size() + b.apiRequest().rules().size();
            }
            double[] page = new double[7];
            double[] api = new double[7];
            for (int round = 0; round < 7; round++) {
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    sink += b.pageRequest().rules().size();
                }
                long t1 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    sink += b.apiRequest().rules().size();
                }
                long t2 = threads.getCurrentThreadCpuTime();
                page[round] = (t1 - t0) / (double) perRound;
                api[round] = (t2 - t1) / (double) perRound;
            }
            Arrays.sort(page);
            Arrays.sort(api);
            System.out.printf("rules=%d page: median %.0f ns CPU (min %.0f, max %.0f); api: median %.0f ns CPU"
                    + " (min %.0f, max %.0f) [%d]%n", rules, page[3], page[0], page[6], api[3], api[0], api[6],
                    sink % 10);
        }
    }
}
