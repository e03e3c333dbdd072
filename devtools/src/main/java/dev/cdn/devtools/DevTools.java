package dev.cdn.devtools;

import java.util.Arrays;

/** Entry point of the development helpers that {@code ./cdn} starts: {@code postgres}, {@code origin}, {@code seed-demo}. */
public final class DevTools {

    private DevTools() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            System.out.println("""
                    usage: devtools <command> [options]
                      postgres  --data DIR --port N         run an embedded PostgreSQL whose data survives restarts
                      origin    --port N                    run the demo origin (a small website with cache headers)
                      seed-demo --api URL --domain HOST --origin-port N
                                                            create the demo tenant, user, API token and service""");
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "postgres" -> DevPostgres.run(Flags.parse(rest));
            case "origin" -> DemoOrigin.run(Flags.parse(rest));
            case "seed-demo" -> DemoSeeder.run(Flags.parse(rest));
            default -> {
                System.err.println("unknown command '" + args[0] + "'; try --help");
                System.exit(2);
            }
        }
    }
}
