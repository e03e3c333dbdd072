package dev.cdn.config;

import java.util.List;

/** Checks a {@link LogicMatch}: a valid glob, methods, schemes, field conditions, address prefixes, countries. */
final class LogicMatchChecks {

    private LogicMatchChecks() {
    }

    static void validate(LogicMatch m, String at, List<Violation> out) {
        if (m.path() != null) {
            if (!m.path().startsWith("/") && !m.path().startsWith("*")) {
                out.add(new Violation(at + ".path", "must start with '/' or '*'"));
            } else {
                String problem = ConfigValidator.globProblem(m.path());
                if (problem != null) {
                    out.add(new Violation(at + ".path", problem));
                }
            }
        }
        FieldChecks.methods(m.methods(), at + ".methods", out);
        for (int i = 0; i < m.schemes().size(); i++) {
            String s = m.schemes().get(i);
            if (!"http".equals(s) && !"https".equals(s)) {
                out.add(new Violation(at + ".schemes[" + i + "]", "must be http or https"));
            }
        }
        fields(m.headers(), at + ".headers", "header name", out);
        fields(m.cookies(), at + ".cookies", "cookie name", out);
        fields(m.query(), at + ".query", "query parameter name", out);
        for (int i = 0; i < m.clientAddresses().size(); i++) {
            try {
                AddressPrefix.parse(m.clientAddresses().get(i));
            } catch (IllegalArgumentException e) {
                out.add(new Violation(at + ".clientAddresses[" + i + "]", e.getMessage()));
            }
        }
        for (int i = 0; i < m.countries().size(); i++) {
            if (!FieldChecks.isCountry(m.countries().get(i))) {
                out.add(new Violation(at + ".countries[" + i + "]", "'" + FieldChecks.printable(m.countries().get(i))
                        + "' is not an ISO 3166-1 alpha-2 country code (two upper-case letters)"));
            }
        }
    }

    private static void fields(List<FieldMatch> conditions, String at, String what, List<Violation> out) {
        for (int i = 0; i < conditions.size(); i++) {
            FieldMatch c = conditions.get(i);
            String f = at + "[" + i + "]";
            if (c == null) {
                out.add(new Violation(f, "must not be null"));
                continue;
            }
            boolean queryName = what.startsWith("query") && FieldChecks.isVisibleAscii(c.name(), 256);
            if (!queryName && !FieldChecks.isToken(c.name())) {
                out.add(new Violation(f + ".name", "'" + FieldChecks.printable(c.name()) + "' is not a " + what));
            }
            switch (c.op()) {
                case PRESENT, ABSENT -> {
                    if (c.value() != null) {
                        out.add(new Violation(f + ".value", "must be absent when op is " + c.op().name()
                                .toLowerCase(java.util.Locale.ROOT)));
                    }
                }
                case REGEX -> {
                    String problem = FieldChecks.regexProblem(c.value());
                    if (problem != null) {
                        out.add(new Violation(f + ".value", problem));
                    }
                }
                default -> {
                    String problem = FieldChecks.valueProblem(c.value());
                    if (problem != null) {
                        out.add(new Violation(f + ".value", problem));
                    }
                }
            }
        }
    }
}
