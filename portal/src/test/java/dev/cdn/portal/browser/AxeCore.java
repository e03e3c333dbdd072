package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The axe-core accessibility engine (npm package {@code axe-core}) run in the page the browser shows. Fetched once
 * with npm into {@code target/axe} (the test's own step, so {@code ./cdn test} needs nothing installed beforehand
 * but npm); without npm the test fails and says how to get it.
 */
final class AxeCore {

    /** The axe-core release the checks were written against; a newer minor adds rules, so it is pinned. */
    static final String VERSION = "4.10.3";
    private static final Path HOME = Path.of("target", "axe");
    private static final Path SCRIPT = HOME.resolve("node_modules/axe-core/axe.min.js");

    private final String source;

    private AxeCore(String source) {
        this.source = source;
    }

    /** Loads axe-core, fetching it with npm first when {@code target/axe} does not hold it yet. */
    static AxeCore load() throws IOException, InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) {
            Files.createDirectories(HOME);
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        HOME.toString(), "axe-core@" + VERSION).redirectErrorStream(true)
                        .redirectOutput(HOME.resolve("npm.log").toFile()).start();
            } catch (IOException e) {
                fail("The browser test checks accessibility with axe-core, fetched with npm, which is not installed."
                        + " Install it with: apt-get install -y npm");
                throw e;
            }
            if (!npm.waitFor(120, TimeUnit.SECONDS) || npm.exitValue() != 0 || !Files.isRegularFile(SCRIPT)) {
                npm.destroyForcibly();
                fail("npm could not fetch axe-core@" + VERSION + " into " + HOME + ": see " + HOME.resolve("npm.log"));
            }
        }
        return new AxeCore(Files.readString(SCRIPT));
    }

    /**
     * Runs every axe rule on the page shown and answers its serious and critical violations, one line each (rule,
     * impact, what it asks, and the elements), empty when there are none; a run in which no rule passed (axe did
     * not see the page) is reported too, so the check cannot pass by checking nothing.
     */
    String seriousViolations(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // Injected through the driver, not a <script> element, so the portal's CSP (script-src 'self') stays as is.
        js.executeScript(source);
        Object found = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document).then(result => done(result.passes.length === 0
                    ? 'axe-core checked nothing on ' + location.pathname
                    : result.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                            + v.nodes.map(n => n.target.join(' ')).join(', '))
                        .join('\\n')), e => done('axe failed: ' + e));""");
        return String.valueOf(found);
    }
}
