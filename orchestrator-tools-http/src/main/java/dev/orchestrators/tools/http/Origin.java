package dev.orchestrators.tools.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a tool may send requests: the scheme, host and port of its {@code base.url}, and the paths under the base
 * URL's path. Every request URI (and every redirect target) must pass {@link #admits}: exactly that scheme, host
 * and port, no user information, no fragment, a path equal to the base path or under it ({@code /api} admits
 * {@code /api/x}, not {@code /api-admin}), with no {@code .} or {@code ..} segment even percent-encoded. This is
 * the tool's guard against server-side request forgery: nothing a payload holds can move a request elsewhere.
 * Immutable and thread-safe.
 */
final class Origin {
    private final String scheme;
    private final String host;
    private final int port;
    private final String basePath;

    private Origin(String scheme, String host, int port, String basePath) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.basePath = basePath;
    }

    /**
     * The origin of {@code baseUrl}: {@code http} or {@code https}, a host, an optional port and path; no user
     * information, query or fragment.
     *
     * @throws IllegalArgumentException saying what is wrong (without echoing user information)
     */
    static Origin parse(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("may not hold user information (user:password@): use auth=basic");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("needs a host name (letters, digits, '-' and '.'; no '_') or an IP address");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("may not hold a query or a fragment: put a fixed query in the path setting");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (hasDotSegment(path)) {
            throw new IllegalArgumentException("may not hold '.' or '..' path segments");
        }
        return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), effectivePort(scheme, uri.getPort()), path);
    }

    /** The base URL's path without a trailing slash ({@code ""} for none). */
    String basePath() {
        return basePath;
    }

    /** {@code scheme://host:port}. */
    String origin() {
        return scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The base URL as normalised here: {@code scheme://host:port/base/path}. */
    String baseUrl() {
        return origin() + basePath;
    }

    /**
     * The URI of {@code rawPathAndQuery} (already percent-encoded, starting with {@code /} or {@code ?}, or empty) on
     * this origin, or {@code null} when it would not be {@link #admits admitted}.
     */
    URI resolve(String rawPathAndQuery) {
        try {
            URI uri = new URI(origin() + basePath + rawPathAndQuery);
            return admits(uri) ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether a request may go to {@code uri} (see the class comment). */
    boolean admits(URI uri) {
        if (!sameOrigin(uri) || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return false;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean under = path.equals(basePath) || path.startsWith(basePath + "/") || (basePath.isEmpty() && path.isEmpty());
        return under && !hasDotSegment(path);
    }

    /** Whether {@code uri} has this scheme, host and port. */
    boolean sameOrigin(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String otherScheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return otherScheme.equals(scheme) && uri.getHost().toLowerCase(Locale.ROOT).equals(host)
                && effectivePort(otherScheme, uri.getPort()) == port;
    }

    /** {@code scheme://host:port} of {@code uri}, for messages (never its path or query). */
    static String originOf(URI uri) {
        return uri.getScheme() + "://" + (uri.getHost() == null ? "(no host)" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** Whether the raw {@code path} has a {@code .} or {@code ..} segment, literally or percent-encoded. */
    static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            String decoded = PercentEncoding.decodeLeniently(segment);
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static int effectivePort(String scheme, int port) {
        return port >= 0 ? port : scheme.equals("https") ? 443 : 80;
    }

    @Override
    public String toString() {
        return baseUrl();
    }
}
