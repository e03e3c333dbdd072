package dev.cdn.portal.audit;

import java.util.List;

/**
 * The audit log as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break in
 * double quotes, quotes doubled). A field that a spreadsheet would run as a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}) gets a leading apostrophe, so an exported name can never execute.
 */
final class AuditCsv {

    static final String HEADER = "at,actor,action,target,changes";

    private AuditCsv() {
    }

    static String of(List<AuditRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (AuditRow row : rows) {
            out.append(field(row.at().toString())).append(',').append(field(row.actor())).append(',')
                    .append(field(row.action())).append(',').append(field(row.target())).append(',')
                    .append(field(String.join("; ", row.changes()))).append("\r\n");
        }
        return out.toString();
    }

    static String field(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
