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

    /**
     * Remembers the most recent {@link #WINDOW} keys and entities, as a vendor keeps idempotency keys for a window
     * (a day, typically) rather than forever: a long benchmark must not grow the worker's heap by a key per
     * delivery (which cost a worker JVM more in garbage collection than the deliveries themselves).
     */
    private static final class InMemory extends IdempotencyStore {
        static final int WINDOW = 100_000;
        private final Map<String, String> answers = window();
        private final Map<String, Boolean> actedOn = window();
        private long performed;
        private long repeats;
        private long duplicated;

        private static <V> Map<String, V> window() {
            return new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                    return size() > WINDOW;
                }
            };
        }

        @Override
        synchronized String once(String key, String entity, Supplier<String> action) {
            String answer = answers.get(key);
            if (answer != null) {
                repeats++;
                return answer;
            }
            answer = action.get();
            answers.put(key, answer);
            performed++;
            if (actedOn.put(entity, Boolean.TRUE) != null) {
                duplicated++;
            }
            return answer;
        }

        @Override
        public synchronized long performed() {
            return performed;
        }

        @Override
        public synchronized long repeats() {
            return repeats;
        }

        @Override
        public synchronized long duplicatedEffects() {
            return duplicated;
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
