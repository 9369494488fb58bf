package dev.orchestrators.tools.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Named parameters are found where PostgreSQL would see them, and nowhere else. */
class NamedSqlTest {

    @Test
    void shouldTurnNamedParametersIntoPlaceholdersInOrderOfUse() {
        NamedSql sql = NamedSql.parse("SELECT * FROM leads WHERE lead_id = :lead_id AND owner = :owner OR backup = :lead_id");

        assertThat(sql.jdbcSql()).isEqualTo("SELECT * FROM leads WHERE lead_id = ? AND owner = ? OR backup = ?");
        assertThat(sql.parameters()).containsExactly("lead_id", "owner", "lead_id");
        assertThat(sql.names()).containsExactly("lead_id", "owner");
    }

    @Test
    void shouldLeaveColonsInsideStringsIdentifiersAndCommentsAlone() {
        NamedSql sql = NamedSql.parse("SELECT ':not_a' AS \"col:not_b\", x -- :not_c\n FROM t /* :not_d /* :not_e */ :not_f */ WHERE y = :yes");

        assertThat(sql.parameters()).containsExactly("yes");
        assertThat(sql.jdbcSql()).isEqualTo("SELECT ':not_a' AS \"col:not_b\", x -- :not_c\n FROM t /* :not_d /* :not_e */ :not_f */ WHERE y = ?");
    }

    @Test
    void shouldReadDoubledQuotesAsEscapesNotAsTheEndOfAString() {
        NamedSql sql = NamedSql.parse("SELECT 'it''s :not' , \"a\"\":not\" , :yes");

        assertThat(sql.parameters()).containsExactly("yes");
    }

    @Test
    void shouldReadBackslashEscapesInEscapeStringsOnly() {
        assertThat(NamedSql.parse("SELECT E'a\\' :not', :yes").parameters()).containsExactly("yes");
        assertThat(NamedSql.parse("SELECT 'a\\', :yes").parameters()).containsExactly("yes");
    }

    @Test
    void shouldLeaveDollarQuotedBodiesAlone() {
        NamedSql sql = NamedSql.parse("SELECT $$ :not_a ' $$, $fn$ :not_b $$ still :not_c $fn$, :yes, $1");

        assertThat(sql.parameters()).containsExactly("yes");
        assertThat(sql.jdbcSql()).endsWith("$fn$, ?, $1");
    }

    @Test
    void shouldTreatDoubleColonsAsCasts() {
        NamedSql sql = NamedSql.parse("SELECT :id::uuid, created::date, :doc::jsonb");

        assertThat(sql.jdbcSql()).isEqualTo("SELECT ?::uuid, created::date, ?::jsonb");
        assertThat(sql.parameters()).containsExactly("id", "doc");
    }

    @Test
    void shouldNotTakeArraySlicesForParameters() {
        assertThat(NamedSql.parse("SELECT arr[1:2], arr[lo:hi] FROM t").parameters()).isEmpty();
    }

    @Test
    void shouldEscapeQuestionMarksSoJsonbOperatorsReachTheServer() {
        NamedSql sql = NamedSql.parse("SELECT doc ? 'a', doc ?| array['b'], '?' FROM t WHERE id = :id");

        assertThat(sql.jdbcSql()).isEqualTo("SELECT doc ?? 'a', doc ??| array['b'], '?' FROM t WHERE id = ?");
    }

    @Test
    void shouldAcceptATrailingSemicolonAndCommentButNotASecondStatement() {
        assertThat(NamedSql.parse("SELECT :a; -- done\n").parameters()).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> NamedSql.parse("SELECT :a; DROP TABLE leads"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one SQL statement only");
    }

    @Test
    void shouldRefuseUnterminatedStringsIdentifiersCommentsAndDollarQuotesSayingWhere() {
        assertThatThrownBy(() -> NamedSql.parse("SELECT 'abc")).hasMessage("unterminated string starting at offset 7");
        assertThatThrownBy(() -> NamedSql.parse("SELECT \"abc")).hasMessageContaining("unterminated quoted identifier");
        assertThatThrownBy(() -> NamedSql.parse("SELECT /* abc")).hasMessageContaining("unterminated comment");
        assertThatThrownBy(() -> NamedSql.parse("SELECT $x$ abc")).hasMessageContaining("unterminated dollar-quoted string $x$");
    }

    @Test
    void shouldKeepALineCommentAtTheEndOfTheText() {
        assertThat(NamedSql.parse("SELECT :a -- :b").jdbcSql()).isEqualTo("SELECT ? -- :b");
    }
}
