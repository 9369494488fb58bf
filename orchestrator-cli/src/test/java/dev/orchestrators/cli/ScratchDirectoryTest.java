package dev.orchestrators.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run makes for itself it removes when it stops cleanly, and nothing else. */
class ScratchDirectoryTest {

    @TempDir
    Path workingDirectory;

    @Test
    void shouldRemoveEverythingItHoldsAndTheDataDirectoryItMade() throws Exception {
        // given a demo's directory, made in a data directory that did not exist, holding state and an archive
        Path dataDir = workingDirectory.resolve("orchestrator-data");
        ScratchDirectory scratch = ScratchDirectory.in(dataDir, "demo-");
        Files.createDirectories(scratch.path().resolve("state/orchestrator-lead_sync/0_0"));
        Files.writeString(scratch.path().resolve("state/orchestrator-lead_sync/0_0/.checkpoint"), "0");
        Files.createDirectories(scratch.path().resolve("archive/partition-0"));

        // when
        scratch.close();

        // then
        assertThat(dataDir).doesNotExist();
        assertThat(workingDirectory).isEmptyDirectory();
    }

    @Test
    void shouldLeaveADataDirectoryThatExistedBeforeAndWhatElseItHolds() throws Exception {
        // given a worker's data directory with state of its own
        Path dataDir = Files.createDirectories(workingDirectory.resolve("orchestrator-data"));
        Path workerState = Files.createDirectories(dataDir.resolve("state/orchestrator-lead_sync"));
        ScratchDirectory scratch = ScratchDirectory.in(dataDir, "demo-");

        // when
        scratch.close();

        // then
        assertThat(scratch.path()).doesNotExist();
        assertThat(workerState).isDirectory();
    }

    @Test
    void shouldRemoveALinkInsideWithoutFollowingIt() throws Exception {
        // given a file outside, linked to from inside
        Path outside = Files.writeString(workingDirectory.resolve("keep.txt"), "keep");
        ScratchDirectory scratch = ScratchDirectory.in(workingDirectory.resolve("data"), "demo-");
        Files.createSymbolicLink(scratch.path().resolve("link"), outside);

        // when
        scratch.close();

        // then
        assertThat(scratch.path()).doesNotExist();
        assertThat(outside).hasContent("keep");
    }
}
