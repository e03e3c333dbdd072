package dev.cdn.edge.esi;

import java.math.BigDecimal;
import java.util.List;

/**
 * A parsed ESI 1.0 expression (section 5): comparisons of operands, combined with {@code &}, {@code |}, {@code !} and
 * parentheses. Evaluating one is a pure function of the request's variables.
 */
public sealed interface Expression {

    /** Whether the expression holds for this request. */
    boolean test(RequestVariables variables);

    /** A test that could not be parsed: false, so its branch is never taken. */
    record Invalid(String source) implements Expression {
        @Override
        public boolean test(RequestVariables variables) {
            return false;
        }
    }

    /** {@code !e}. */
    record Not(Expression operand) implements Expression {
        @Override
        public boolean test(RequestVariables variables) {
            return !operand.test(variables);
        }
    }

    /** {@code a & b & ...}; a flat list, so a long chain costs no stack depth. */
    record And(List<Expression> operands) implements Expression {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean test(RequestVariables variables) {
            for (Expression operand : operands) {
                if (!operand.test(variables)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code a | b | ...}; a flat list, so a long chain costs no stack depth. */
    record Or(List<Expression> operands) implements Expression {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean test(RequestVariables variables) {
            for (Expression operand : operands) {
                if (operand.test(variables)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code a op b}. Section 5: when both operands are numbers they compare numerically, otherwise both compare as
     * strings (by UTF-16 code unit).
     */
    record Compare(Operand left, Comparison op, Operand right) implements Expression {
        @Override
        public boolean test(RequestVariables variables) {
            String a = left.valueIn(variables);
            String b = right.valueIn(variables);
            BigDecimal x = Operand.number(a);
            BigDecimal y = Operand.number(b);
            int order = x != null && y != null ? x.compareTo(y) : a.compareTo(b);
            return op.holds(order);
        }
    }

    /**
     * An operand on its own, e.g. {@code $(HTTP_ACCEPT_LANGUAGE{en})}: true when its value is not empty and not
     * "false" (list lookups evaluate to "true" or "false", section 4.1.2).
     */
    record Truthy(Operand operand) implements Expression {
        @Override
        public boolean test(RequestVariables variables) {
            String value = operand.valueIn(variables);
            return !value.isEmpty() && !value.equals("false");
        }
    }

    /** The comparison operators of section 5.1. */
    enum Comparison {
        EQ("=="), NE("!="), LT("<"), GT(">"), LE("<="), GE(">=");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(int order) {
            return switch (this) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case GT -> order > 0;
                case LE -> order <= 0;
                case GE -> order >= 0;
            };
        }
    }

    /** A literal or a variable reference. */
    sealed interface Operand {
        /** Longest text read as a number; longer numbers compare as strings, which bounds the cost of BigDecimal. */
        int MAX_NUMBER_CHARS = 64;

        String valueIn(RequestVariables variables);

        static BigDecimal number(String text) {
            if (text.isEmpty() || text.length() > MAX_NUMBER_CHARS) {
                return null;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean sign = (c == '-' || c == '+') && i == 0;
                if (!(sign || c == '.' || (c >= '0' && c <= '9'))) {
                    return null;
                }
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A string or number literal. */
    record Literal(String value) implements Operand {
        @Override
        public String valueIn(RequestVariables variables) {
            return value;
        }
    }

    /** A variable reference. */
    record Variable(VariableRef ref) implements Operand {
        @Override
        public String valueIn(RequestVariables variables) {
            return ref.valueIn(variables);
        }
    }
}
