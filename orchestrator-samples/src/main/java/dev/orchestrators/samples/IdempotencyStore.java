package dev.orchestrators.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How a SAMPLE external system remembers the idempotency keys it has acted on: in memory (one process), or
 * in a directory shared by every worker process of a test or chaos run ({@code samples.ledger.dir}), one file
 * per key created atomically, so that "performed once" can be checked from outside the workers after they
 * were killed and restarted. Each repeat of a key already acted on is appended to {@code repeats.log}.
 * Thread-safe and, for the directory form, safe across processes.
 */
public abstract class IdempotencyStore {

    /**
     * The answer stored for {@code key}, acting (with {@code action}) only if no process has acted on it yet.
     * Each action is also counted against {@code entity} (the business object it changes: an account, a lead's
     * delivery), so an effect performed twice under different keys shows as a duplicate.
     */
    abstract String once(String key, String entity, Supplier<String> action);

    /** Keys acted on, in this store. */
    public abstract long performed();

    /** Calls that repeated a key already acted on (refused: the idempotency key at work). */
    public abstract long repeats();

    /** Actions beyond the first on the same entity: side effects performed more than once. */
    public abstract long duplicatedEffects();

    static IdempotencyStore inMemory() {
        return new InMemory();
    }

    /** A store in {@code directory}, shared with every process that uses the same directory. */
    public static IdempotencyStore inDirectory(Path directory) {
        return new InDirectory(directory);
    }

    private static final class InMemory extends IdempotencyStore {
        private final Map<String, String> answers = new ConcurrentHashMap<>();
        private final Map<String, Integer> actionsByEntity = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong repeats = new java.util.concurrent.atomic.AtomicLong();

        @Override
        String once(String key, String entity, Supplier<String> action) {
            boolean[] fresh = new boolean[1];
            String answer = answers.computeIfAbsent(key, k -> {
                fresh[0] = true;
                String done = action.get();
                actionsByEntity.merge(entity, 1, Integer::sum);
                return done;
            });
            if (!fresh[0]) {
                repeats.incrementAndGet();
            }
            return answer;
        }

        @Override
        public long performed() {
            return answers.size();
        }

        @Override
        public long repeats() {
            return repeats.get();
        }

        @Override
        public long duplicatedEffects() {
            return actionsByEntity.values().stream().mapToLong(n -> n - 1L).sum();
        }
    }

    private static final class InDirectory extends IdempotencyStore {
        private final Path directory;
        private final Path repeatsLog;
        private final Path performedLog;

        InDirectory(Path directory) {
            this.directory = directory;
            this.repeatsLog = directory.resolve("repeats.log");
            this.performedLog = directory.resolve("performed.log");
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the sample ledger directory " + directory, e);
            }
        }

        private Path fileOf(String key) {
            return directory.resolve("key-" + java.util.HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        String once(String key, String entity, Supplier<String> action) {
            Path file = fileOf(key);
            try {
                try {
                    Files.createFile(file); // the claim: atomic, and fails if any process claimed the key before
                } catch (FileAlreadyExistsException claimed) {
                    return repeated(key, file);
                }
                String answer;
                try {
                    answer = action.get();
                } catch (RuntimeException e) {
                    Files.deleteIfExists(file); // not acted on: a later call may try again
                    throw e;
                }
                // One short line per action, appended atomically (O_APPEND), shared by every process.
                Files.writeString(performedLog, entity.replace('\n', ' ') + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Path temp = Files.createTempFile(directory, "tmp-", ".part");
                Files.writeString(temp, answer);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException("sample ledger in " + directory, e);
            }
        }

        /** A key claimed before: its answer once the claimant has written it (it acts, then writes, at once). */
        private String repeated(String key, Path file) throws IOException {
            Files.writeString(repeatsLog, key + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (true) {
                String answer = Files.exists(file) ? Files.readString(file) : "";
                if (!answer.isEmpty() || System.nanoTime() > deadline) {
                    if (answer.isEmpty()) {
                        throw new IllegalStateException("sample ledger: " + key + " is claimed but has no answer (its claimant died)");
                    }
                    return answer;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        @Override
        public long performed() {
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(p -> p.getFileName().toString().startsWith("key-")).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long repeats() {
            return lines(repeatsLog).size();
        }

        @Override
        public long duplicatedEffects() {
            Map<String, Long> byEntity = lines(performedLog).stream()
                    .collect(java.util.stream.Collectors.groupingBy(e -> e, java.util.stream.Collectors.counting()));
            return byEntity.values().stream().mapToLong(n -> n - 1L).sum();
        }

        private static java.util.List<String> lines(Path file) {
            try {
                return Files.exists(file) ? Files.readAllLines(file) : java.util.List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
