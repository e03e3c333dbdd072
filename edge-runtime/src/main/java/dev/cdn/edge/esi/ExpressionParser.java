package dev.cdn.edge.esi;

import dev.cdn.edge.esi.Expression.Comparison;
import dev.cdn.edge.esi.Expression.Operand;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the ESI 1.0 expression language (section 5) by recursive descent. Precedence, highest first: parentheses,
 * {@code !}, the comparisons, {@code &}, {@code |}. Operands are variables, single- or double-quoted strings and
 * numbers. Anything that does not parse, or nests deeper than {@link #MAX_DEPTH}, gives {@link Expression.Invalid}.
 */
public final class ExpressionParser {

    /** Deepest nesting of parentheses and '!' accepted; deeper is invalid rather than a deep Java stack. */
    static final int MAX_DEPTH = 32;

    private final String source;
    private int pos;

    private ExpressionParser(String source) {
        this.source = source;
    }

    /** The expression in {@code source}, or {@link Expression.Invalid} when it does not parse. */
    public static Expression parse(String source) {
        ExpressionParser parser = new ExpressionParser(source);
        try {
            Expression e = parser.or(0);
            parser.skipSpace();
            if (parser.pos != source.length()) {
                return new Expression.Invalid(source);
            }
            return e;
        } catch (SyntaxError e) {
            return new Expression.Invalid(source);
        }
    }

    private Expression or(int depth) {
        List<Expression> operands = new ArrayList<>();
        operands.add(and(depth));
        while (consume("|")) {
            operands.add(and(depth));
        }
        return operands.size() == 1 ? operands.get(0) : new Expression.Or(operands);
    }

    private Expression and(int depth) {
        List<Expression> operands = new ArrayList<>();
        operands.add(unary(depth));
        while (consume("&")) {
            operands.add(unary(depth));
        }
        return operands.size() == 1 ? operands.get(0) : new Expression.And(operands);
    }

    private Expression unary(int depth) {
        if (depth > MAX_DEPTH) {
            throw new SyntaxError();
        }
        skipSpace();
        if (peek('!') && !peekAt(1, '=')) {
            pos++;
            return new Expression.Not(unary(depth + 1));
        }
        if (peek('(')) {
            pos++;
            Expression inner = or(depth + 1);
            if (!consume(")")) {
                throw new SyntaxError();
            }
            return inner;
        }
        Operand left = operand();
        Comparison op = comparison();
        if (op == null) {
            return new Expression.Truthy(left);
        }
        return new Expression.Compare(left, op, operand());
    }

    private Comparison comparison() {
        skipSpace();
        for (String symbol : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (source.startsWith(symbol, pos)) {
                pos += symbol.length();
                for (Comparison c : Comparison.values()) {
                    if (c.symbol.equals(symbol)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    private Operand operand() {
        skipSpace();
        if (pos >= source.length()) {
            throw new SyntaxError();
        }
        char c = source.charAt(pos);
        if (c == '\'' || c == '"') {
            int close = source.indexOf(c, pos + 1);
            if (close < 0) {
                throw new SyntaxError();
            }
            String value = source.substring(pos + 1, close);
            pos = close + 1;
            return new Expression.Literal(value);
        }
        if (c == '$') {
            Template.Reference ref = source.startsWith("$(", pos) ? Template.readReference(source, pos) : null;
            if (ref == null) {
                throw new SyntaxError();
            }
            pos = ref.end();
            return new Expression.Variable(ref.variable());
        }
        int start = pos;
        while (pos < source.length() && (Character.isDigit(source.charAt(pos)) || source.charAt(pos) == '.'
                || ((source.charAt(pos) == '-' || source.charAt(pos) == '+') && pos == start))) {
            pos++;
        }
        String number = source.substring(start, pos);
        if (Operand.number(number) == null) {
            throw new SyntaxError();
        }
        return new Expression.Literal(number);
    }

    private boolean consume(String token) {
        skipSpace();
        if (source.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return pos < source.length() && source.charAt(pos) == c;
    }

    private boolean peekAt(int offset, char c) {
        return pos + offset < source.length() && source.charAt(pos + offset) == c;
    }

    private void skipSpace() {
        while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
            pos++;
        }
    }

    /** Unwinds the descent on the first syntax error; carries no stack trace, it is expected input. */
    private static final class SyntaxError extends RuntimeException {
        SyntaxError() {
            super(null, null, false, false);
        }
    }
}
