package dev.orchestrators.broker;

/**
 * Thrown when an {@link EmbeddedKafkaBroker} cannot be started or stopped, for example because
 * its client port is already taken, its storage cannot be formatted, or it does not accept
 * client requests within the startup timeout. The message always names the port involved.
 *
 * <p>Instances are immutable and therefore thread-safe.
 */
public final class EmbeddedBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, including the port
     */
    public EmbeddedBrokerException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, including the port
     * @param cause the underlying failure
     */
    public EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
