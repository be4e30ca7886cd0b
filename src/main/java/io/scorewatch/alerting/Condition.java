package io.scorewatch.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule's condition on its metric's value, as the monitoring guide writes it: comparisons ({@code <},
 * {@code <=}, {@code >}, {@code >=}, {@code ==}, {@code !=}) against numbers, joined by
 * {@code and} / {@code or} ({@code and} binds tighter), with optional parentheses, e.g.
 * {@code "> 0.12 or < 0.04"}.
 */
abstract sealed class Condition {

    /** Whether the value meets the condition. NaN meets none. */
    abstract boolean test(double value);

    /** Parses a condition; the exception says what was expected where. */
    static Condition parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidConditionException("the condition is empty");
        }
        Parser parser = new Parser(text);
        Condition condition = parser.or();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("expected 'and', 'or' or the end");
        }
        return condition;
    }

    /** A condition that does not parse. */
    static final class InvalidConditionException extends IllegalArgumentException {
        InvalidConditionException(String message) {
            super(message);
        }
    }

    enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean apply(double value, double bound) {
            if (Double.isNaN(value)) {
                return false;
            }
            return switch (this) {
                case LT -> value < bound;
                case LE -> value <= bound;
                case GT -> value > bound;
                case GE -> value >= bound;
                case EQ -> value == bound;
                case NE -> value != bound;
            };
        }
    }

    static final class Comparison extends Condition {
        final Operator operator;
        final double bound;

        Comparison(Operator operator, double bound) {
            this.operator = operator;
            this.bound = bound;
        }

        @Override
        boolean test(double value) {
            return operator.apply(value, bound);
        }

        @Override
        public String toString() {
            return operator.symbol + " " + bound;
        }
    }

    static final class And extends Condition {
        final List<Condition> parts;

        And(List<Condition> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        boolean test(double value) {
            return parts.stream().allMatch(p -> p.test(value));
        }

        @Override
        public String toString() {
            return "(" + String.join(" and ", parts.stream().map(Object::toString).toList()) + ")";
        }
    }

    static final class Or extends Condition {
        final List<Condition> parts;

        Or(List<Condition> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        boolean test(double value) {
            return parts.stream().anyMatch(p -> p.test(value));
        }

        @Override
        public String toString() {
            return "(" + String.join(" or ", parts.stream().map(Object::toString).toList()) + ")";
        }
    }

    /** Recursive descent over {@code or := and ('or' and)*; and := term ('and' term)*; term := '(' or ')' | op number}. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Condition or() {
            List<Condition> parts = new ArrayList<>();
            parts.add(and());
            while (keyword("or")) {
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(parts);
        }

        Condition and() {
            List<Condition> parts = new ArrayList<>();
            parts.add(term());
            while (keyword("and")) {
                parts.add(term());
            }
            return parts.size() == 1 ? parts.get(0) : new And(parts);
        }

        Condition term() {
            skipSpaces();
            if (atEnd()) {
                throw error("expected a comparison such as '> 0.12'");
            }
            if (text.charAt(at) == '(') {
                at++;
                Condition inner = or();
                skipSpaces();
                if (atEnd() || text.charAt(at) != ')') {
                    throw error("expected ')'");
                }
                at++;
                return inner;
            }
            Operator operator = operator();
            skipSpaces();
            return new Comparison(operator, number(operator));
        }

        private Operator operator() {
            for (Operator candidate : new Operator[] {Operator.LE, Operator.GE, Operator.EQ, Operator.NE,
                    Operator.LT, Operator.GT}) {
                if (text.startsWith(candidate.symbol, at)) {
                    at += candidate.symbol.length();
                    return candidate;
                }
            }
            if (text.startsWith("=", at)) {
                throw error("'=' is not a comparison; use '=='");
            }
            throw error("expected a comparison operator (<, <=, >, >=, ==, !=)");
        }

        private double number(Operator after) {
            int start = at;
            if (at < text.length() && (text.charAt(at) == '-' || text.charAt(at) == '+')) {
                at++;
            }
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.'
                    || text.charAt(at) == 'e' || text.charAt(at) == 'E'
                    || ((text.charAt(at) == '-' || text.charAt(at) == '+')
                            && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E')))) {
                at++;
            }
            String literal = text.substring(start, at);
            if (literal.isEmpty() || literal.equals("-") || literal.equals("+")) {
                at = start;
                throw error("expected a number after '" + after.symbol + "'");
            }
            try {
                double value = Double.parseDouble(literal);
                if (!Double.isFinite(value)) {
                    throw new NumberFormatException();
                }
                if (at < text.length() && text.charAt(at) == '%') {
                    at = start;
                    throw error("write a share as a number (0.05, not 5%)");
                }
                return value;
            } catch (NumberFormatException e) {
                at = start;
                throw error("'" + literal + "' is not a number");
            }
        }

        private boolean keyword(String word) {
            skipSpaces();
            int end = at + word.length();
            if (text.regionMatches(true, at, word, 0, word.length())
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                at = end;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean atEnd() {
            return at >= text.length();
        }

        InvalidConditionException error(String expected) {
            String found = atEnd() ? "the end" : "'" + text.substring(at, Math.min(text.length(), at + 12)) + "'";
            return new InvalidConditionException(String.format(Locale.ROOT, "%s at position %d of \"%s\", found %s",
                    expected, at + 1, text, found));
        }
    }
}
