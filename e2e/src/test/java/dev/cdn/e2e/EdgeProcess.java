package dev.cdn.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An edge runtime in a JVM of its own ({@code dev.cdn.edge.EdgeMain}, the test's class path), so a test can kill it
 * the way a machine or the kernel does: SIGKILL, no shutdown hook, no flush. Its ports are ephemeral and read from
 * its log; its output goes to a file the test names.
 */
final class EdgeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+), admin on [^ ]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final int adminPort;

    private EdgeProcess(Process process, Path log, int port, int adminPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** Starts {@code EdgeMain} with these flags and environment; returns once it listens (or fails naming why). */
    static EdgeProcess start(List<String> flags, Map<String, String> env, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.cdn.edge.EdgeMain"));
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        long offset = Files.exists(log) ? Files.size(log) : 0;
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String written = Files.exists(log) ? Files.readString(log).substring((int) offset) : "";
            Matcher m = LISTENING.matcher(written);
            if (m.find()) {
                return new EdgeProcess(process, log, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the edge process exited with " + process.exitValue() + ":\n" + written);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the edge process did not listen within 60 s; see " + log);
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    /** SIGKILL (what {@code kill -9} sends): the process gets no chance to flush or close anything. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public String toString() {
        return "edge process " + process.pid() + " (log " + log + ")";
    }
}
