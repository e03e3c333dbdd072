package dev.cdn.portal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the feature packages pointing one way: {@code api} knows nothing of the web, {@code web} holds
 * shared page support, features build on both. Reads the main sources' imports, so it needs no extra library.
 */
class PackageDependenciesTest {

    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("api", Set.<String>of()),
            Map.entry("web", Set.of("api")),
            Map.entry("account", Set.of("api", "web")),
            Map.entry("dashboard", Set.of("api", "web", "account", "analytics")),
            Map.entry("service", Set.of("api", "web", "account")),
            Map.entry("purge", Set.of("api", "web", "account")),
            Map.entry("analytics", Set.of("api", "web", "account")),
            Map.entry("tokens", Set.of("api", "web", "account")),
            Map.entry("team", Set.of("api", "web", "account")),
            Map.entry("audit", Set.of("api", "web", "account")),
            Map.entry("alert", Set.of("api", "web", "account")),
            Map.entry("debug", Set.of("api", "web", "account")),
            Map.entry("logs", Set.of("api", "web", "account")),
            Map.entry("cert", Set.of("api", "web", "account")),
            Map.entry("secrets", Set.of("api", "web", "account")));

    private static final Pattern PORTAL_IMPORT = Pattern.compile("^import (?:static )?dev\\.cdn\\.portal\\.(\\w+)\\.",
            Pattern.MULTILINE);

    @Test
    void featurePackages_onlyDependOnAllowedPackages() throws IOException {
        Path root = Path.of("src/main/java/dev/cdn/portal");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the application class at the root may see everything
                }
                String feature = relative.getName(0).toString();
                assertThat(ALLOWED).as("known package %s", feature).containsKey(feature);
                Matcher imports = PORTAL_IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1);
                    if (!target.equals(feature) && !ALLOWED.get(feature).contains(target)) {
                        violations.add(relative + " imports " + target);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
