package dev.orchestrators.core.kinds.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The named field transforms: what each changes, and that each leaves everything else alone. */
class TransformsTest {

    private static Map<String, Object> lead() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mail", "  Ada@Example.COM ");
        fields.put("name", " Ada ");
        fields.put("score", 7);
        return fields;
    }

    @Test
    void shouldTrimAndLowercaseOnlyTheNamedStringFields() {
        assertThat(Transforms.trim("mail", "score").apply(lead())).containsExactly(
                Map.entry("mail", "Ada@Example.COM"), Map.entry("name", " Ada "), Map.entry("score", 7));
        assertThat(Transforms.lowercase("mail", "missing").apply(lead())).containsEntry("mail", "  ada@example.com ");
    }

    @Test
    void shouldRenameAFieldInItsPlaceAndDoNothingWhenItIsMissing() {
        // given
        Map<String, Object> fields = lead();
        fields.put("email", "old");

        // when / then
        assertThat(Transforms.rename("mail", "email").apply(fields)).containsExactly(
                Map.entry("email", "  Ada@Example.COM "), Map.entry("name", " Ada "), Map.entry("score", 7));
        assertThat(Transforms.rename("phone", "mobile").apply(lead())).isEqualTo(lead());
    }

    @Test
    void shouldSetADefaultOnlyWhenTheFieldIsMissingOrNull() {
        // given
        Map<String, Object> withNull = lead();
        withNull.put("country", null);

        // when / then
        assertThat(Transforms.defaultValue("country", "unknown").apply(lead())).containsEntry("country", "unknown");
        assertThat(Transforms.defaultValue("country", "unknown").apply(withNull)).containsEntry("country", "unknown");
        assertThat(Transforms.defaultValue("score", 0).apply(lead())).containsEntry("score", 7);
    }

    @Test
    void shouldKeepOrDropTheNamedFields() {
        assertThat(Transforms.keep("score", "mail", "missing").apply(lead())).containsExactly(
                Map.entry("mail", "  Ada@Example.COM "), Map.entry("score", 7));
        assertThat(Transforms.drop("mail", "missing").apply(lead())).containsExactly(
                Map.entry("name", " Ada "), Map.entry("score", 7));
    }

    @Test
    void shouldNotChangeTheMapItIsGiven() {
        // given
        Map<String, Object> original = lead();

        // when
        Transforms.trim("mail").apply(original);
        Transforms.drop("mail").apply(original);

        // then
        assertThat(original).isEqualTo(lead());
    }
}
