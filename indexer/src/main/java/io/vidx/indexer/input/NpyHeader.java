package io.vidx.indexer.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a NumPy .npy file, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (1000, 128), }}, parsed by a small strict parser for the Python-literal subset NumPy writes
 * (dicts, tuples, lists, strings, integers, True/False/None) rather than by pattern matching, so odd but
 * valid headers (key order, spacing, a 'L' suffix from Python 2) parse and broken ones are rejected with
 * a reason. It only parses; the dtype and shape rules belong to {@link NpyFile}.
 */
record NpyHeader(Object descr, Object fortranOrder, List<Long> shape) {

    /** A header that is not a well-formed dict with the three required keys; the message says why. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 16;

    static NpyHeader parse(String text) throws Malformed {
        Parser p = new Parser(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected text after the dict");
        if (!(v instanceof Map<?, ?> map)) throw new Malformed("the header is not a dict");
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!map.containsKey(key)) throw new Malformed("the header has no '" + key + "'");
        }
        Object shape = map.get("shape");
        if (!(shape instanceof List<?> dims)) throw new Malformed("'shape' is not a tuple: " + Parser.show(shape));
        List<Long> out = new ArrayList<>();
        for (Object d : dims) {
            if (!(d instanceof Long n) || n < 0) throw new Malformed("'shape' holds " + Parser.show(d) + ", expected non-negative integers");
            out.add(n);
        }
        return new NpyHeader(map.get("descr"), map.get("fortran_order"), List.copyOf(out));
    }

    /** Python spelling of a parsed value, for messages. */
    static String show(Object v) {
        return Parser.show(v);
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Malformed error(String what) {
            return new Malformed(what + " at character " + pos + " of the header");
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        Object value(int depth) throws Malformed {
            if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
            skipSpace();
            if (pos >= s.length()) throw error("unexpected end");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> dict(depth);
                case '(' -> sequence(depth, ')');
                case '[' -> sequence(depth, ']');
                case '\'', '"' -> string();
                default -> {
                    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) yield integer();
                    if (Character.isLetter(c)) yield word();
                    throw error("unexpected '" + c + "'");
                }
            };
        }

        private Map<String, Object> dict(int depth) throws Malformed {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            while (true) {
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    return map;
                }
                Object key = value(depth + 1);
                if (!(key instanceof String k)) throw error("dict key " + show(key) + " is not a string");
                skipSpace();
                expect(':');
                Object v = value(depth + 1);
                if (map.put(k, v) != null) throw error("duplicate key '" + k + "'");
                if (!separator('}')) {
                    pos++;
                    return map;
                }
            }
        }

        private List<Object> sequence(int depth, char close) throws Malformed {
            List<Object> list = new ArrayList<>();
            pos++;
            while (true) {
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == close) {
                    pos++;
                    return list;
                }
                list.add(value(depth + 1));
                if (!separator(close)) {
                    pos++;
                    return list;
                }
            }
        }

        /** After an item: true on ',' (consumed), false when {@code close} follows (not consumed). */
        private boolean separator(char close) throws Malformed {
            skipSpace();
            if (pos >= s.length()) throw error("unexpected end, expected ',' or '" + close + "'");
            char c = s.charAt(pos);
            if (c == ',') {
                pos++;
                return true;
            }
            if (c == close) return false;
            throw error("unexpected '" + c + "', expected ',' or '" + close + "'");
        }

        private void expect(char c) throws Malformed {
            if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "'");
            pos++;
        }

        private String string() throws Malformed {
            char quote = s.charAt(pos++);
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) throw error("unterminated string");
                char c = s.charAt(pos++);
                if (c == quote) return b.toString();
                if (c == '\\') {
                    if (pos >= s.length()) throw error("unterminated string");
                    c = s.charAt(pos++);
                }
                b.append(c);
            }
        }

        private Long integer() throws Malformed {
            int start = pos;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') pos++;
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
            if (pos == digits) throw error("expected digits");
            String text = s.substring(start, pos);
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++; // Python 2 long
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("integer " + text + " out of range");
            }
        }

        private Object word() throws Malformed {
            int start = pos;
            while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) pos++;
            String w = s.substring(start, pos);
            return switch (w) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> NONE;
                default -> {
                    pos = start;
                    throw error("unknown name '" + w + "'");
                }
            };
        }

        static final Object NONE = new Object() {
            @Override
            public String toString() {
                return "None";
            }
        };

        static String show(Object v) {
            if (v instanceof String str) return "'" + str + "'";
            if (v instanceof Boolean bool) return bool ? "True" : "False";
            if (v instanceof List<?> list) {
                StringBuilder b = new StringBuilder("(");
                for (int i = 0; i < list.size(); i++) b.append(i > 0 ? ", " : "").append(show(list.get(i)));
                return b.append(list.size() == 1 ? ",)" : ")").toString();
            }
            if (v instanceof Map<?, ?> map) {
                StringBuilder b = new StringBuilder("{");
                map.forEach((k, x) -> b.append(b.length() > 1 ? ", " : "").append(show(k)).append(": ").append(show(x)));
                return b.append('}').toString();
            }
            return String.valueOf(v);
        }
    }
}
