package dev.orchestrators.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.ResourceNotFoundException;

/**
 * Creates SCRAM-SHA-512 users on a secured broker, as its super user, through the admin API. A credential is usable
 * once the broker has applied the metadata record that holds it, which {@link #create} waits for.
 */
final class ScramUsers {
    private static final int ITERATIONS = 4096;
    private static final long POLL_MS = 20;

    private ScramUsers() {
    }

    /**
     * Creates (or replaces) the credential of {@code user} and returns once the broker knows it.
     *
     * @param adminProperties how to reach the broker as its super user
     * @throws EmbeddedBrokerException when the credential cannot be created or does not appear within {@code timeout}
     */
    static void create(Map<String, Object> adminProperties, String user, String password, Duration timeout) {
        long timeoutMs = timeout.toMillis();
        try (Admin admin = Admin.create(adminProperties)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)))
                .all().get(timeoutMs, TimeUnit.MILLISECONDS);
            Deadline deadline = Deadline.after(timeout);
            while (!isKnown(admin, user, timeoutMs)) {
                if (deadline.hasPassed()) {
                    throw new EmbeddedBrokerException("the SCRAM credential of " + user + " did not appear within " + timeoutMs + " ms");
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("interrupted while creating the SCRAM user " + user, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedBrokerException("cannot create the SCRAM user " + user + ": " + Causes.describe(e), e);
        }
    }

    private static boolean isKnown(Admin admin, String user, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeUserScramCredentials(List.of(user)).all().get(timeoutMs, TimeUnit.MILLISECONDS).containsKey(user);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return false;
            }
            throw e;
        }
    }
}
