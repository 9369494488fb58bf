package dev.orchestrators.core.kinds.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import dev.orchestrators.core.kinds.transformer.RecordSchema.Field;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules a record schema checks and the reasons it gives. */
class RecordSchemaTest {

    @Test
    void shouldAcceptARecordWithEveryRequiredFieldAndIgnoreFieldsItDoesNotName() {
        // given
        RecordSchema schema = RecordSchema.newBuilder().required("email", FieldType.STRING).optional("age", FieldType.INTEGER).build();

        // when / then
        assertThat(schema.validate(Map.of("email", "a@b.c", "extra", List.of()))).isEmpty();
    }

    @Test
    void shouldRequireRequiredFieldsToBePresentAndNotNullButLetOptionalOnesBeAbsent() {
        // given
        RecordSchema schema = RecordSchema.newBuilder().required("email", FieldType.STRING).required("name", FieldType.STRING)
                .optional("age", FieldType.INTEGER).build();
        Map<String, Object> record = new HashMap<>();
        record.put("name", null);
        record.put("age", null);

        // when / then
        assertThat(schema.validate(record)).containsExactly("field 'email' is required", "field 'name' is required");
    }

    @ParameterizedTest(name = "{0} accepts {1}: {2}")
    @CsvSource({
            "STRING, text, true", "STRING, 1, false",
            "NUMBER, 1.5, true", "NUMBER, text, false",
            "INTEGER, 3, true", "INTEGER, 3.0, true", "INTEGER, 3.5, false",
            "BOOLEAN, true, true", "BOOLEAN, text, false",
            "OBJECT, {}, true", "ARRAY, [], true", "ARRAY, {}, false"})
    void shouldCheckTheJsonTypeOfAField(FieldType type, String sample, boolean accepted) {
        // given
        RecordSchema schema = RecordSchema.newBuilder().required("f", type).build();

        // when
        List<String> reasons = schema.validate(Map.of("f", jsonValue(sample)));

        // then
        assertThat(reasons.isEmpty()).isEqualTo(accepted);
    }

    private static Object jsonValue(String sample) {
        return switch (sample) {
            case "text" -> "text";
            case "true" -> true;
            case "{}" -> Map.of();
            case "[]" -> List.of();
            default -> sample.contains(".") ? (Object) Double.valueOf(sample) : (Object) Integer.valueOf(sample);
        };
    }

    @Test
    void shouldNameTheExpectedAndTheActualTypeWithoutTheValue() {
        // given
        RecordSchema schema = RecordSchema.newBuilder().required("age", FieldType.INTEGER).required("email", FieldType.STRING).build();

        // when / then
        assertThat(schema.validate(Map.of("age", 41.5, "email", 7))).containsExactly(
                "field 'age' must be an integer, was a number", "field 'email' must be a string, was an integer");
    }

    @Test
    void shouldCheckPatternLengthAndAllowedValuesOfAString() {
        // given
        RecordSchema schema = RecordSchema.newBuilder()
                .field(Field.required("code", FieldType.STRING).withPattern("[A-Z]+").withMinLength(2).withMaxLength(3))
                .field(Field.optional("country", FieldType.STRING).withAllowedValues("DE", "FR"))
                .build();

        // when / then
        assertThat(schema.validate(Map.of("code", "ABC", "country", "FR"))).isEmpty();
        assertThat(schema.validate(Map.of("code", "a", "country", "XX"))).containsExactly(
                "field 'code' must be at least 2 characters long, was 1",
                "field 'code' must match pattern '[A-Z]+'",
                "field 'country' must be one of [DE, FR]");
        assertThat(schema.validate(Map.of("code", "ABCD"))).containsExactly("field 'code' must be at most 3 characters long, was 4");
    }

    @Test
    void shouldCompareAllowedNumbersByValue() {
        // given
        RecordSchema schema = RecordSchema.newBuilder().field(Field.required("tier", FieldType.NUMBER).withAllowedValues(1, 2)).build();

        // when / then
        assertThat(schema.validate(Map.of("tier", 2L))).isEmpty();
        assertThat(schema.validate(Map.of("tier", new BigDecimal("1.0")))).isEmpty();
        assertThat(schema.validate(Map.of("tier", 3))).containsExactly("field 'tier' must be one of [1, 2]");
    }

    @Test
    void shouldRejectRulesThatCannotWorkWhenTheSchemaIsBuilt() {
        assertThatThrownBy(() -> Field.required("email", FieldType.STRING).withPattern("[unclosed"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'email' has an invalid pattern");
        assertThatThrownBy(() -> Field.required("age", FieldType.INTEGER).withMaxLength(3))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("only to STRING fields");
        assertThatThrownBy(() -> Field.required("code", FieldType.STRING).withMaxLength(2).withMinLength(3))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("minLength 3 > maxLength 2");
        assertThatThrownBy(() -> RecordSchema.newBuilder().required("a", FieldType.STRING).optional("a", FieldType.NUMBER))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("two fields named 'a'");
    }
}
