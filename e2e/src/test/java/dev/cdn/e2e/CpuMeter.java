package dev.cdn.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU time used by this JVM and by the PostgreSQL server the benchmark talks to, read from the OS. On a shared
 * machine wall-clock latencies swing with the load of other work; CPU time per operation does much less.
 * PostgreSQL's time is that of its postmaster and all of its children (live ones, plus exited ones through the
 * postmaster's {@code cutime}); it is read from {@code /proc}, so it is only known on Linux.
 */
final class CpuMeter {

    private static final double TICK_MS = 10.0; // USER_HZ is 100 on Linux

    private final long postmaster;

    private CpuMeter(long postmaster) {
        this.postmaster = postmaster;
    }

    /** A meter for this JVM and the PostgreSQL server behind {@code jdbcUrl}. */
    static CpuMeter of(String jdbcUrl, String user, String password) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long[] backend = stat(rs.getLong(1));
            return new CpuMeter(backend == null ? -1 : backend[0]);
        } catch (SQLException e) {
            return new CpuMeter(-1);
        }
    }

    /** CPU milliseconds used so far by this JVM. */
    double jvmMillis() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e6;
    }

    /** CPU milliseconds used so far by the PostgreSQL server, or NaN when unknown (not Linux, or not local). */
    double postgresMillis() {
        long[] pm = postmaster < 0 ? null : stat(postmaster);
        if (pm == null) {
            return Double.NaN;
        }
        long ticks = pm[1] + pm[2];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    long[] s = stat(Long.parseLong(name));
                    if (s != null && s[0] == postmaster) {
                        ticks += s[1];
                    }
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks * TICK_MS;
    }

    /** {ppid, utime + stime, cutime + cstime} of a process in clock ticks, or null when it cannot be read. */
    private static long[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ppid=1 ... utime=11 stime=12 cutime=13 cstime=14
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
