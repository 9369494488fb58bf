package dev.orchestrators.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of {@link DataDir}: the caller's directory is kept, a temporary one is removed with its contents. */
class DataDirTest {

    @Test
    void shouldCreateTheGivenDirectoryAndNeverDeleteIt(@TempDir Path parent) throws IOException {
        // given
        Path given = parent.resolve("broker").resolve("data");

        // when
        DataDir dir = DataDir.open(given, 9092);
        Files.writeString(dir.path().resolve("meta.properties"), "cluster.id=x");
        dir.deleteIfTemporary();

        // then
        assertThat(dir.isTemporary()).isFalse();
        assertThat(given).isDirectory().isNotEmptyDirectory();
    }

    @Test
    void shouldDeleteATemporaryDirectoryWithEverythingInIt() throws IOException {
        // given
        DataDir dir = DataDir.open(null, 9092);
        Files.createDirectories(dir.path().resolve("logs").resolve("orders-0"));
        Files.writeString(dir.path().resolve("logs").resolve("orders-0").resolve("00000.log"), "records");

        // when
        dir.deleteIfTemporary();

        // then
        assertThat(dir.isTemporary()).isTrue();
        assertThat(dir.path()).doesNotExist();
    }
}
