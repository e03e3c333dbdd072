package dev.cdn.edge.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.AccessRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogBufferTest {

    static AccessRecord record(int i) {
        return new AccessRecord(Instant.EPOCH, "svc", "127.0.0.1", "GET", "http://demo.localhost/" + i, 200, 1,
                "HIT", null, "edge-1", "default", null);
    }

    @Test
    void offer_pastCapacity_dropsAndCountsInsteadOfGrowing() throws Exception {
        LogBuffer buffer = new LogBuffer(1_000);
        int threads = 4;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    buffer.offer(record(i));
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(buffer.size()).isEqualTo(1_000);
        assertThat(buffer.droppedFull()).isEqualTo(threads * each - 1_000L);
        List<AccessRecord> drained = new ArrayList<>();
        List<AccessRecord> batch;
        while (!(batch = buffer.drain(300)).isEmpty()) {
            assertThat(batch.size()).isLessThanOrEqualTo(300);
            drained.addAll(batch);
        }
        assertThat(drained).hasSize(1_000);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void drain_returnsOldestFirst_andMakesRoomAgain() {
        LogBuffer buffer = new LogBuffer(2);
        assertThat(buffer.offer(record(1))).isTrue();
        assertThat(buffer.offer(record(2))).isTrue();
        assertThat(buffer.offer(record(3))).isFalse();
        assertThat(buffer.drain(10)).extracting(AccessRecord::url)
                .containsExactly("http://demo.localhost/1", "http://demo.localhost/2");
        assertThat(buffer.offer(record(4))).isTrue();
        assertThat(buffer.droppedFull()).isEqualTo(1);
    }

    @Test
    void drain_keepsABatchWithinItsByteBudget_butAlwaysTakesOne() {
        LogBuffer buffer = new LogBuffer(100);
        for (int i = 0; i < 10; i++) {
            buffer.offer(record(i));
        }
        long one = LogBuffer.estimatedBytes(record(0));
        assertThat(buffer.drain(100, one * 3)).hasSize(3);
        assertThat(buffer.drain(100, 1)).as("a record larger than the budget still goes, alone").hasSize(1);
        assertThat(buffer.size()).isEqualTo(6);
    }

    @Test
    void sampler_takesTheShareItIsGiven() {
        double[] draws = {0.05, 0.5, 0.95};
        int[] next = {0};
        LogSampler sampler = new LogSampler(() -> draws[next[0]++ % draws.length]);
        assertThat(sampler.sampled(0)).as("0: none").isFalse();
        assertThat(sampler.sampled(1)).as("1: every request, without a draw").isTrue();
        next[0] = 0;
        assertThat(new boolean[]{sampler.sampled(0.1), sampler.sampled(0.1), sampler.sampled(0.1)})
                .containsExactly(true, false, false);
    }
}
