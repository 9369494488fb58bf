package dev.orchestrators.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrators.core.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets by reference only; the value is read on use and never shown. */
class SecretTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadAFileSecretWithoutItsFinalLineBreak() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cr3t\n");
        Secret secret = Secret.parse("file:" + file);

        assertThat(secret.reveal()).isEqualTo("s3cr3t");
        assertThat(secret.isPresent()).isTrue();
    }

    @Test
    void shouldReadTheFileAgainOnEachUseSoARotatedSecretIsPickedUp() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "old");
        Secret secret = Secret.parse("file:" + file);
        Files.writeString(file, "new\r\n");

        assertThat(secret.reveal()).isEqualTo("new");
    }

    @Test
    void shouldReadAnEnvironmentVariable() {
        Secret secret = Secret.parse("env:DB_PASSWORD", Map.of("DB_PASSWORD", "hunter2")::get);
        assertThat(secret.reveal()).isEqualTo("hunter2");
    }

    @Test
    void shouldRefuseALiteralValueWithoutRepeatingIt() {
        assertThatThrownBy(() -> Secret.parse("hunter2"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("file:<path> or env:<NAME>")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldNeverShowTheValueInToString() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cr3t");
        Secret secret = Secret.parse("file:" + file);

        assertThat(secret.toString()).isEqualTo("Secret[file:" + file + "]").doesNotContain("s3cr3t");
        assertThat(Secret.NONE.toString()).isEqualTo("Secret[none]");
        assertThat(Secret.parse("").reveal()).isNull();
    }

    @Test
    void shouldNameTheReferenceNotTheValueWhenItCannotBeRead() {
        assertThatThrownBy(() -> Secret.parse("file:" + dir.resolve("missing")).reveal())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("secret file:");
        assertThatThrownBy(() -> Secret.parse("env:NOPE", name -> null).reveal())
                .hasMessage("secret env:NOPE: the environment variable is not set");
    }
}
