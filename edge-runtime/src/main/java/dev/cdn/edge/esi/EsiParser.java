package dev.cdn.edge.esi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Parses a body into an {@link EsiDocument} in one pass, in time linear in its length: the ESI 1.0 elements
 * (W3C Note 2001, section 3) are recognised by their "esi:" prefix wherever they appear, everything else is text.
 * It never fails: unclosed elements close at the end, unbalanced end tags and unreadable tags are dropped and
 * counted, unknown "esi:" elements are dropped (their content kept) and counted. Bytes are read as ISO-8859-1, one
 * character per byte, so any body, binary or not, passes through unchanged outside the ESI markup.
 */
public final class EsiParser {

    /** Longest end tag read ("&lt;/esi:otherwise &gt;" and some space). */
    private static final int MAX_END_TAG_CHARS = 64;
    private static final String REMOVE_END = "</esi:remove>";

    private final String text;
    private final ParseLimits limits;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private int dropped;
    private int malformed;
    private int includes;
    private int openWrappers;
    /** Cached index of the next "-->" at or after the scan position (-1: none left), so looking for it stays linear. */
    private int nextWrapperEnd = -2;

    private EsiParser(String text, ParseLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    /** Parses a body's bytes with the default limits. */
    public static EsiDocument parse(byte[] body) {
        return parse(new String(body, StandardCharsets.ISO_8859_1), ParseLimits.DEFAULT);
    }

    /** Parses text (characters above U+00FF are kept as they are) with the given limits. */
    public static EsiDocument parse(String text, ParseLimits limits) {
        return new EsiParser(text, limits).run();
    }

    private EsiDocument run() {
        Frame root = new Frame(Kind.ROOT, Map.of(), false);
        stack.push(root);
        int pos = 0;
        int textStart = 0;
        while (pos < text.length()) {
            int lt = text.indexOf('<', pos);
            int wrapperEnd = openWrappers > 0 ? wrapperEndFrom(pos) : -1;
            if (wrapperEnd >= 0 && (lt < 0 || wrapperEnd < lt)) {
                stack.peek().text(text, textStart, wrapperEnd);
                closeTo(Kind.WRAPPER);
                pos = textStart = wrapperEnd + 3;
                continue;
            }
            if (lt < 0) {
                break;
            }
            if (text.startsWith("<esi:", lt)) {
                stack.peek().text(text, textStart, lt);
                pos = textStart = startTag(lt);
            } else if (text.startsWith("</esi:", lt)) {
                stack.peek().text(text, textStart, lt);
                pos = textStart = endTag(lt);
            } else if (text.startsWith("<!--esi", lt)) {
                stack.peek().text(text, textStart, lt);
                // Section 3.8: the wrapper is removed and what it holds is processed as ESI.
                if (stack.size() > limits.maxDepth()) {
                    dropped++;
                } else {
                    open(Kind.WRAPPER, Map.of());
                }
                pos = textStart = lt + "<!--esi".length();
            } else {
                pos = lt + 1;
            }
        }
        stack.peek().text(text, textStart, text.length());
        while (stack.size() > 1) {
            malformed++;
            close();
        }
        return new EsiDocument(root.nodes(), dropped, malformed, includes);
    }

    private int wrapperEndFrom(int pos) {
        if (nextWrapperEnd == -1) {
            return -1;
        }
        if (nextWrapperEnd < pos) {
            nextWrapperEnd = text.indexOf("-->", pos);
        }
        return nextWrapperEnd;
    }

    /** Handles the start tag at {@code lt}; returns where scanning continues. */
    private int startTag(int lt) {
        TagReader.StartRead read = TagReader.readStart(text, lt, limits.maxTagChars());
        if (!(read instanceof TagReader.StartTag tag)) {
            malformed++;
            return read.end();
        }
        Kind kind = Kind.of(tag.name());
        switch (kind) {
            case INCLUDE -> include(tag.attributes());
            case COMMENT -> {
                // Section 3.5: removed with its text attribute.
            }
            case REMOVE -> {
                // Section 3.6: the element and everything in it are removed, unprocessed; it does not nest.
                if (tag.selfClosing()) {
                    return tag.end();
                }
                int close = text.indexOf(REMOVE_END, tag.end());
                if (close < 0) {
                    malformed++;
                    return text.length();
                }
                return close + REMOVE_END.length();
            }
            case UNKNOWN -> dropped++;
            default -> {
                if (stack.size() > limits.maxDepth()) {
                    dropped++;
                } else {
                    open(kind, tag.attributes());
                    if (tag.selfClosing()) {
                        close();
                    }
                }
            }
        }
        return tag.end();
    }

    private void include(Map<String, String> attributes) {
        String src = attributes.get("src");
        if (src == null || src.isBlank()) {
            dropped++;
            return;
        }
        String alt = attributes.get("alt");
        boolean continueOnError = "continue".equals(attributes.get("onerror"));
        includes++;
        stack.peek().add(new EsiNode.Include(Template.parse(src.trim()),
                alt == null || alt.isBlank() ? null : Template.parse(alt.trim()), continueOnError));
    }

    /** Handles the end tag at {@code lt}; returns where scanning continues. */
    private int endTag(int lt) {
        TagReader.EndTag tag = TagReader.readEnd(text, lt, MAX_END_TAG_CHARS);
        if (tag == null) {
            malformed++;
            return lt + "</esi:".length();
        }
        Kind kind = Kind.of(tag.name());
        if (!kind.container()) {
            // End tags of empty elements (include, comment) and of dropped unknown ones carry nothing.
            return tag.end();
        }
        if (!closeTo(kind)) {
            malformed++;
        }
        return tag.end();
    }

    private void open(Kind kind, Map<String, String> attributes) {
        boolean inVars = kind == Kind.VARS || stack.peek().inVars;
        if (kind == Kind.WRAPPER) {
            openWrappers++;
        }
        stack.push(new Frame(kind, attributes, inVars));
    }

    /**
     * Closes the innermost open element of {@code kind} and every element opened inside it (each counted malformed:
     * its end tag was missing). False when no such element is open: the end tag is stray.
     */
    private boolean closeTo(Kind kind) {
        int depth = 0;
        for (Frame frame : stack) {
            if (frame.kind == kind) {
                for (int i = 0; i < depth; i++) {
                    malformed++;
                    close();
                }
                close();
                return true;
            }
            if (frame.kind == Kind.ROOT) {
                return false;
            }
            depth++;
        }
        return false;
    }

    private void close() {
        Frame frame = stack.pop();
        Frame parent = stack.peek();
        if (frame.kind == Kind.WRAPPER) {
            openWrappers--;
        }
        switch (frame.kind) {
            case TRY -> parent.add(new EsiNode.Try(frame.attempt == null ? List.of() : frame.attempt,
                    frame.except == null ? List.of() : frame.except));
            case CHOOSE -> parent.add(new EsiNode.Choose(frame.whens, frame.otherwise == null ? List.of() : frame.otherwise));
            case ATTEMPT -> {
                if (parent.kind == Kind.TRY && parent.attempt == null) {
                    parent.attempt = frame.nodes();
                } else {
                    misplaced(frame, parent);
                }
            }
            case EXCEPT -> {
                if (parent.kind == Kind.TRY && parent.except == null) {
                    parent.except = frame.nodes();
                } else {
                    misplaced(frame, parent);
                }
            }
            case WHEN -> {
                if (parent.kind == Kind.CHOOSE) {
                    String test = frame.attributes.get("test");
                    parent.whens.add(new EsiNode.When(test == null ? new Expression.Invalid("")
                            : ExpressionParser.parse(test), frame.nodes()));
                } else {
                    misplaced(frame, parent);
                }
            }
            case OTHERWISE -> {
                if (parent.kind == Kind.CHOOSE && parent.otherwise == null) {
                    parent.otherwise = frame.nodes();
                } else {
                    misplaced(frame, parent);
                }
            }
            // vars and the comment wrapper vanish; what they held stays in place.
            default -> frame.nodes().forEach(parent::add);
        }
    }

    /** An attempt, except, when or otherwise outside its parent (or repeated): its tags go, its content stays. */
    private void misplaced(Frame frame, Frame parent) {
        dropped++;
        frame.nodes().forEach(parent::add);
    }

    /** The ESI elements, by local name. */
    private enum Kind {
        ROOT, WRAPPER, INCLUDE, COMMENT, REMOVE, TRY, ATTEMPT, EXCEPT, CHOOSE, WHEN, OTHERWISE, VARS, UNKNOWN;

        static Kind of(String name) {
            return switch (name) {
                case "include" -> INCLUDE;
                case "comment" -> COMMENT;
                case "remove" -> REMOVE;
                case "try" -> TRY;
                case "attempt" -> ATTEMPT;
                case "except" -> EXCEPT;
                case "choose" -> CHOOSE;
                case "when" -> WHEN;
                case "otherwise" -> OTHERWISE;
                case "vars" -> VARS;
                default -> UNKNOWN;
            };
        }

        /** Elements that hold content and are closed by an end tag. */
        boolean container() {
            return switch (this) {
                case TRY, ATTEMPT, EXCEPT, CHOOSE, WHEN, OTHERWISE, VARS -> true;
                default -> false;
            };
        }

        /** Elements whose own text is markup (try and choose hold only their branches; text between is layout). */
        boolean keepsText() {
            return this != TRY && this != CHOOSE;
        }
    }

    /** An element being parsed: the nodes read so far inside it. */
    private static final class Frame {
        final Kind kind;
        final Map<String, String> attributes;
        final boolean inVars;
        private final List<EsiNode> nodes = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();
        List<EsiNode> attempt;
        List<EsiNode> except;
        final List<EsiNode.When> whens = new ArrayList<>();
        List<EsiNode> otherwise;

        Frame(Kind kind, Map<String, String> attributes, boolean inVars) {
            this.kind = kind;
            this.attributes = attributes;
            this.inVars = inVars;
        }

        void text(String source, int from, int to) {
            if (to > from && kind.keepsText()) {
                pending.append(source, from, to);
            }
        }

        void add(EsiNode node) {
            if (!kind.keepsText()) {
                // A try or choose holds only its branches: anything else directly inside is dropped.
                return;
            }
            if (node instanceof EsiNode.Text t) {
                pending.append(t.text());
                return;
            }
            flush();
            nodes.add(node);
        }

        List<EsiNode> nodes() {
            flush();
            return nodes;
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            String chunk = pending.toString();
            pending.setLength(0);
            Template template = inVars ? Template.parse(chunk) : null;
            nodes.add(template == null || template.isLiteral() ? new EsiNode.Text(chunk) : new EsiNode.VarText(template));
        }
    }
}
