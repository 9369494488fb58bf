package dev.orchestrators.tools.s3;

import dev.orchestrators.core.kinds.archiver.ArchiveException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a sync waits for its batches: for each batch's current PUT attempt, all within one deadline of
 * {@code timeout.ms} per round of {@code max.concurrent} PUTs (plus one round for those already in flight), so a
 * sync never waits without bound even if a PUT never answers. Stateless.
 */
final class Durability {
    private Durability() {
    }

    /** A batch and the attempt a sync waits for (taken under the store's lock). */
    record Wait(Batch batch, CompletableFuture<Void> attempt) {
    }

    /**
     * Returns when every attempt succeeded.
     *
     * @throws S3ArchiveException of the first failure's type and class, counting the batches not durable
     * @throws ArchiveException   when the waiting thread was interrupted (its interrupt flag is set again)
     */
    static void await(List<Wait> waits, S3ArchiveSettings settings, String action) {
        if (waits.isEmpty()) {
            return;
        }
        long rounds = (waits.size() + settings.maxConcurrent() - 1) / settings.maxConcurrent() + 1;
        long deadline = System.nanoTime() + settings.timeout().toNanos() * rounds + TimeUnit.SECONDS.toNanos(1);
        S3ArchiveException first = null;
        int failed = 0;
        int failedEntries = 0;
        for (Wait wait : waits) {
            S3ArchiveException failure = outcome(wait, deadline, action);
            if (failure != null) {
                first = first == null ? failure : first;
                failed++;
                failedEntries += wait.batch().keys.size();
            }
        }
        if (first != null) {
            String fate = action.equals("close") ? "lost with the closed store" : "kept for the next sync";
            throw new S3ArchiveException(first.type(), first.isPermanent(), "archive " + action + ": " + failed + " of "
                    + waits.size() + " batch(es), " + failedEntries + " entries, not durable, " + fate + "; first: "
                    + first.getMessage(), first);
        }
    }

    private static S3ArchiveException outcome(Wait wait, long deadline, String action) {
        try {
            wait.attempt().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return S3Failures.classify(e.getCause(), "PUT of " + S3ArchiveStore.shorten(wait.batch().objectKey));
        } catch (TimeoutException e) {
            return new S3ArchiveException("Timeout", false, "archive " + action + " gave up waiting for the PUT of "
                    + S3ArchiveStore.shorten(wait.batch().objectKey) + " (still in flight; the next sync waits for it again)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("archive " + action + " interrupted; the entries are kept for the next sync", e);
        }
    }
}
