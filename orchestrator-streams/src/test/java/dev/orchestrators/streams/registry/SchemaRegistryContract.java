package dev.orchestrators.streams.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchemaRegistry} does, as the runtime relies on it. A registry under test gives each test fresh
 * subjects (their names are random) and checks new versions for BACKWARD compatibility ({@link #requireBackward}).
 */
public abstract class SchemaRegistryContract {

    /** The registry under test. */
    protected abstract SchemaRegistry registry();

    /** Makes {@code subject} check new versions for BACKWARD compatibility (what Confluent does by default). */
    protected abstract void requireBackward(String subject);

    protected static String newSubject() {
        return "contract-" + UUID.randomUUID() + "-value";
    }

    protected static Schema order(boolean withNote) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Order").namespace("contract.test").fields()
                .requiredString("id");
        if (withNote) {
            fields = fields.name("note").type().stringType().stringDefault("");
        }
        return fields.endRecord();
    }

    private static Schema orderWithRequiredAmount() {
        return SchemaBuilder.record("Order").namespace("contract.test").fields().requiredString("id").requiredLong("amount")
                .endRecord();
    }

    @Test
    public void shouldHandOutTheSameIdWhenTheSameSchemaIsRegisteredTwice() {
        String subject = newSubject();

        int first = registry().register(subject, order(false));
        int again = registry().register(subject, order(false));

        assertThat(again).isEqualTo(first);
    }

    @Test
    public void shouldGiveBackTheRegisteredSchemaById() {
        int id = registry().register(newSubject(), order(true));

        assertThat(registry().schemaById(id)).isEqualTo(order(true));
    }

    @Test
    public void shouldFindTheIdOfASchemaRegisteredUnderASubject() {
        String subject = newSubject();
        int id = registry().register(subject, order(false));

        assertThat(registry().idOf(subject, order(false))).isEqualTo(id);
    }

    @Test
    public void shouldNotFindASchemaNeverRegisteredUnderTheSubject() {
        String subject = newSubject();
        registry().register(subject, order(false));

        assertThatThrownBy(() -> registry().idOf(subject, orderWithRequiredAmount())).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    public void shouldNotFindAnUnknownId() {
        assertThatThrownBy(() -> registry().schemaById(Integer.MAX_VALUE - 7)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    public void shouldJudgeBackwardCompatibilityAgainstTheLatestVersion() {
        String subject = newSubject();
        registry().register(subject, order(false));
        requireBackward(subject);

        assertThat(registry().isCompatible(subject, order(true))).as("a field added with a default").isTrue();
        assertThat(registry().isCompatible(subject, orderWithRequiredAmount())).as("a field added without a default").isFalse();
    }

    @Test
    public void shouldAcceptAnySchemaForASubjectWithoutVersions() {
        assertThat(registry().isCompatible(newSubject(), orderWithRequiredAmount())).isTrue();
    }

    @Test
    public void shouldRefuseToRegisterAnIncompatibleVersion() {
        String subject = newSubject();
        registry().register(subject, order(false));
        requireBackward(subject);

        assertThatThrownBy(() -> registry().register(subject, orderWithRequiredAmount()))
                .isInstanceOf(SchemaRegistryRejectedException.class)
                .satisfies(e -> assertThat(((SchemaRegistryRejectedException) e).status()).isEqualTo(409));
    }
}
