package dev.orchestrators.tools.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One SQL statement with named parameters ({@code :lead_id}), turned into JDBC text with {@code ?} placeholders
 * and the parameter names in placeholder order (a name used twice is bound twice). The text is scanned the way
 * PostgreSQL lexes it, so nothing inside these is a parameter: single-quoted strings ({@code ''} escapes, and
 * backslash escapes in {@code E'...'}), double-quoted identifiers, {@code --} and nested {@code /* *}{@code /}
 * comments, dollar-quoted bodies ({@code $$...$$}, {@code $tag$...$tag$}) and {@code ::} casts.
 *
 * <p>A {@code ?} outside those is an operator (jsonb's {@code ?}, {@code ?|}, {@code ?&}), not a positional
 * parameter: it is escaped as {@code ??}, which the PostgreSQL driver sends as one {@code ?}. One statement only: a
 * {@code ;} followed by more than blanks and comments is refused. Immutable.
 *
 * @param jdbcSql    the statement with a {@code ?} per named parameter
 * @param parameters the parameter names, in placeholder order
 */
record NamedSql(String jdbcSql, List<String> parameters) {

    NamedSql {
        parameters = List.copyOf(parameters);
    }

    /** The distinct parameter names, in first-use order. */
    Set<String> names() {
        return new LinkedHashSet<>(parameters);
    }

    /**
     * Parses {@code sql}.
     *
     * @throws IllegalArgumentException saying where, for an unterminated string, identifier, comment or dollar
     *                                  quote, or for a second statement
     */
    static NamedSql parse(String sql) {
        return new Scanner(sql).scan();
    }

    private static final class Scanner {
        private final String sql;
        private final StringBuilder out;
        private final List<String> names = new ArrayList<>();
        private int i;

        Scanner(String sql) {
            this.sql = sql;
            this.out = new StringBuilder(sql.length() + 16);
        }

        NamedSql scan() {
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                            && (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
                    copyQuoted('\'', backslashEscapes, "string");
                } else if (c == '"') {
                    copyQuoted('"', false, "quoted identifier");
                } else if (c == '-' && next() == '-') {
                    copyUntil("\n", true, "comment");
                } else if (c == '/' && next() == '*') {
                    copyBlockComment();
                } else if (c == '$' && dollarTag() != null) {
                    String tag = dollarTag();
                    out.append(tag);
                    i += tag.length();
                    copyUntil(tag, false, "dollar-quoted string " + tag);
                } else if (c == ':' && next() == ':') {
                    out.append("::");
                    i += 2;
                } else if (c == ':' && isIdentifierStart(next()) && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                    readName();
                } else if (c == '?') {
                    out.append("??");
                    i++;
                } else if (c == ';') {
                    requireNothingAfter();
                } else {
                    out.append(c);
                    i++;
                }
            }
            return new NamedSql(out.toString(), names);
        }

        private char next() {
            return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
        }

        private void readName() {
            int start = ++i;
            while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
            names.add(sql.substring(start, i));
            out.append('?');
        }

        /** Copies a quoted run starting at {@code i}; a doubled quote is an escaped quote. */
        private void copyQuoted(char quote, boolean backslashEscapes, String what) {
            int start = i;
            out.append(quote);
            i++;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (backslashEscapes && c == '\\' && i + 1 < sql.length()) {
                    out.append(c).append(sql.charAt(i + 1));
                    i += 2;
                    continue;
                }
                out.append(c);
                i++;
                if (c == quote) {
                    if (i < sql.length() && sql.charAt(i) == quote) {
                        out.append(quote);
                        i++;
                    } else {
                        return;
                    }
                }
            }
            throw unterminated(what, start);
        }

        /** Copies up to and including {@code end} (or to the end of the text when {@code endMayBeMissing}). */
        private void copyUntil(String end, boolean endMayBeMissing, String what) {
            int start = i;
            int found = sql.indexOf(end, i);
            if (found < 0) {
                if (!endMayBeMissing) {
                    throw unterminated(what, start);
                }
                found = sql.length() - end.length();
            }
            int stop = Math.min(sql.length(), found + end.length());
            out.append(sql, i, stop);
            i = stop;
        }

        /** PostgreSQL's block comments nest. */
        private void copyBlockComment() {
            int start = i;
            int depth = 0;
            while (i < sql.length()) {
                if (sql.startsWith("/*", i)) {
                    depth++;
                    out.append("/*");
                    i += 2;
                } else if (sql.startsWith("*/", i)) {
                    depth--;
                    out.append("*/");
                    i += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    out.append(sql.charAt(i++));
                }
            }
            throw unterminated("comment", start);
        }

        /** The dollar-quote tag starting at {@code i} ({@code $$} or {@code $name$}), or null ({@code $1}, {@code a$b}). */
        private String dollarTag() {
            if (i > 0 && isIdentifierPart(sql.charAt(i - 1))) {
                return null;
            }
            int j = i + 1;
            if (j < sql.length() && isIdentifierStart(sql.charAt(j))) {
                while (j < sql.length() && isIdentifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
                    j++;
                }
            }
            return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
        }

        private void requireNothingAfter() {
            int semicolon = i;
            out.append(';');
            i++;
            while (i < sql.length()) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c) || c == ';') {
                    out.append(c);
                    i++;
                } else if (c == '-' && next() == '-') {
                    copyUntil("\n", true, "comment");
                } else if (c == '/' && next() == '*') {
                    copyBlockComment();
                } else {
                    throw new IllegalArgumentException("one SQL statement only: text follows the ';' at offset " + semicolon);
                }
            }
        }

        private IllegalArgumentException unterminated(String what, int start) {
            return new IllegalArgumentException("unterminated " + what + " starting at offset " + start);
        }
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
