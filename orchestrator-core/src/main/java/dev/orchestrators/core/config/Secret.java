package dev.orchestrators.core.config;

import dev.orchestrators.core.errors.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A secret named by reference: {@code file:/run/secrets/db-password} (the file's content, without its trailing
 * line break) or {@code env:DB_PASSWORD} (an environment variable). A literal value is refused at start-up, so a
 * secret never sits in a command line, a process listing, a flow file or a log line. The value is read when
 * {@link #reveal()} is called (a rotated file is picked up by the next connection), and never kept in this
 * object: {@link #toString()} shows the reference only. Immutable and thread-safe.
 */
public final class Secret {
    /** No secret configured. */
    public static final Secret NONE = new Secret("", System::getenv);

    private final String reference;
    private final Function<String, String> environment;

    private Secret(String reference, Function<String, String> environment) {
        this.reference = reference;
        this.environment = environment;
    }

    /**
     * The secret {@code reference} names.
     *
     * @throws ConfigurationException when {@code reference} is neither {@code file:<path>} nor {@code env:<NAME>}
     */
    public static Secret parse(String reference) {
        return parse(reference, System::getenv);
    }

    /** {@link #parse(String)} reading environment variables from {@code environment} (for tests). */
    public static Secret parse(String reference, Function<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        String ref = reference == null ? "" : reference.trim();
        if (ref.isEmpty()) {
            return NONE;
        }
        if ((ref.startsWith("file:") && ref.length() > 5) || (ref.startsWith("env:") && ref.length() > 4)) {
            return new Secret(ref, environment);
        }
        throw new ConfigurationException("a secret is given by reference, file:<path> or env:<NAME>; a literal value is "
                + "refused so that it never appears in a command line, a process listing or a log");
    }

    /** Whether a secret is configured. */
    public boolean isPresent() {
        return !reference.isEmpty();
    }

    /** The reference ({@code file:...} or {@code env:...}), safe to show. */
    public String reference() {
        return reference;
    }

    /**
     * The secret's value, read now; {@code null} when none is configured.
     *
     * @throws ConfigurationException naming the reference (never the value) when the file cannot be read or the
     *                                variable is not set
     */
    public String reveal() {
        if (reference.isEmpty()) {
            return null;
        }
        if (reference.startsWith("env:")) {
            String value = environment.apply(reference.substring(4));
            if (value == null) {
                throw new ConfigurationException("secret " + reference + ": the environment variable is not set");
            }
            return value;
        }
        try {
            String value = Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8);
            return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new ConfigurationException("secret " + reference + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.reference.equals(reference);
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }

    @Override
    public String toString() {
        return reference.isEmpty() ? "Secret[none]" : "Secret[" + reference + "]";
    }
}
