package dev.cdn.edge.esi;

/**
 * The HTTP_USER_AGENT dictionary of ESI 1.0 section 4: the browser (MOZILLA, MSIE or OTHER), the operating system
 * (WIN, MAC, UNIX or OTHER) and the browser's version, classified from the User-Agent header.
 */
record UserAgent(Browser browser, Os os, String version) {

    /** The browser families ESI 1.0 names. */
    enum Browser { MOZILLA, MSIE, OTHER }

    /** The operating systems ESI 1.0 names. */
    enum Os { WIN, MAC, UNIX, OTHER }

    /** Longest header prefix inspected, so a huge User-Agent costs no more than a normal one. */
    private static final int MAX_INSPECTED = 512;

    static UserAgent classify(String header) {
        String ua = header.length() > MAX_INSPECTED ? header.substring(0, MAX_INSPECTED) : header;
        Browser browser;
        String version;
        int msie = ua.indexOf("MSIE ");
        if (msie >= 0) {
            browser = Browser.MSIE;
            version = versionAt(ua, msie + 5);
        } else if (ua.contains("Trident/")) {
            // IE 11 dropped "MSIE" and reports its version as "rv:11.0".
            browser = Browser.MSIE;
            int rv = ua.indexOf("rv:");
            version = rv >= 0 ? versionAt(ua, rv + 3) : "";
        } else if (ua.startsWith("Mozilla/")) {
            browser = Browser.MOZILLA;
            version = versionAt(ua, "Mozilla/".length());
        } else {
            browser = Browser.OTHER;
            int slash = ua.indexOf('/');
            version = slash >= 0 ? versionAt(ua, slash + 1) : "";
        }
        return new UserAgent(browser, osOf(ua), version);
    }

    private static Os osOf(String ua) {
        if (ua.contains("Windows") || ua.contains("Win32") || ua.contains("Win64") || ua.contains("Win98")
                || ua.contains("Win95")) {
            return Os.WIN;
        }
        if (ua.contains("Mac")) {
            return Os.MAC;
        }
        if (ua.contains("X11") || ua.contains("Linux") || ua.contains("BSD") || ua.contains("SunOS")
                || ua.contains("Unix") || ua.contains("UNIX")) {
            return Os.UNIX;
        }
        return Os.OTHER;
    }

    /** The digits and dots at {@code from}, e.g. "5.0" of "Mozilla/5.0 (...)". */
    private static String versionAt(String ua, int from) {
        int end = from;
        while (end < ua.length() && (Character.isDigit(ua.charAt(end)) || ua.charAt(end) == '.')) {
            end++;
        }
        return ua.substring(from, end);
    }
}
