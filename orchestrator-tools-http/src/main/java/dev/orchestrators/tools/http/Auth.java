package dev.orchestrators.tools.http;

import dev.orchestrators.core.config.Secret;
import dev.orchestrators.core.errors.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How an http tool authenticates: not at all, a bearer token ({@code Authorization: Bearer <token>}), HTTP basic
 * ({@code Authorization: Basic base64(user:password)}) or a token in a header of its own ({@code X-Api-Key: <token>}).
 * Secrets are read at every request ({@link Secret#reveal()}: a rotated file is picked up), never kept here, and
 * never shown: {@link #toString()} names the mode and the references only. A secret whose value holds a line
 * break or another character a header cannot carry is refused, without showing it. Immutable and thread-safe.
 */
final class Auth {
    /** The authentication modes. */
    enum Mode { NONE, BEARER, BASIC, HEADER }

    private final Mode mode;
    private final Secret token;
    private final String user;
    private final Secret password;
    private final String headerName;

    private Auth(Mode mode, Secret token, String user, Secret password, String headerName) {
        this.mode = mode;
        this.token = token;
        this.user = user;
        this.password = password;
        this.headerName = headerName;
    }

    /**
     * @throws IllegalArgumentException naming the missing or bad setting
     */
    static Auth of(String mode, Secret token, String user, Secret password, String headerName) {
        Mode m = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        switch (m) {
            case BEARER -> require(token.isPresent(), "auth=bearer needs auth.token (file:<path> or env:<NAME>)");
            case HEADER -> {
                require(token.isPresent(), "auth=header needs auth.token (file:<path> or env:<NAME>)");
                require(HeaderRules.isName(headerName), "auth=header needs auth.header.name, a header name such as X-Api-Key");
                require(!HeaderRules.MANAGED.contains(headerName.toLowerCase(Locale.ROOT)) || headerName.equalsIgnoreCase("authorization"),
                        "auth.header.name may not be a header the client manages");
            }
            case BASIC -> {
                require(!user.isEmpty() && password.isPresent(), "auth=basic needs auth.user and auth.password");
                require(HeaderRules.isSafeValue(user) && !user.contains(":"), "auth.user may not hold ':' or control characters");
            }
            default -> { }
        }
        return new Auth(m, token, user, password, m == Mode.HEADER ? headerName : "Authorization");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The header name credentials go in ({@code Authorization} unless {@code auth=header}). */
    String headerName() {
        return headerName;
    }

    /** Whether the tool authenticates. */
    boolean isPresent() {
        return mode != Mode.NONE;
    }

    /**
     * The credentials header, read now; {@code null} for {@code auth=none}.
     *
     * @throws ConfigurationException naming the secret's reference (never its value) when it cannot be read or
     *                                holds a character a header cannot carry
     */
    Map.Entry<String, String> header() {
        return switch (mode) {
            case NONE -> null;
            case BEARER -> Map.entry(headerName, "Bearer " + safe(token));
            case HEADER -> Map.entry(headerName, safe(token));
            case BASIC -> Map.entry(headerName, "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + safe(password)).getBytes(StandardCharsets.UTF_8)));
        };
    }

    /** The secret values (and their encodings) as sent, to mask them in anything shown; those unreadable are left out. */
    List<String> secretValues() {
        List<String> values = new ArrayList<>();
        for (Secret secret : List.of(token, password)) {
            try {
                String value = secret.reveal();
                if (value != null && !value.isEmpty()) {
                    values.add(value);
                }
            } catch (RuntimeException ignored) {
                // an unreadable secret was never sent
            }
        }
        if (mode == Mode.BASIC && values.size() == 1) {
            values.add(Base64.getEncoder().encodeToString((user + ":" + values.get(0)).getBytes(StandardCharsets.UTF_8)));
        }
        return values;
    }

    private static String safe(Secret secret) {
        String value = Objects.requireNonNullElse(secret.reveal(), "");
        if (value.isEmpty() || !HeaderRules.isSafeValue(value)) {
            throw new ConfigurationException("secret " + secret.reference() + " is empty or holds a line break or a "
                    + "character a header cannot carry");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Auth[" + mode.name().toLowerCase(Locale.ROOT) + (token.isPresent() ? ", token " + token.reference() : "")
                + (password.isPresent() ? ", user " + user + ", password " + password.reference() : "") + "]";
    }
}
