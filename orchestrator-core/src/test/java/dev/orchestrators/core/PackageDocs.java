package dev.orchestrators.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which packages of a source tree do not say what they are for: a package is a directory holding a {@code .java}
 * file other than {@code package-info.java}, and it says what it is for when its {@code package-info.java} declares
 * it under a javadoc comment with some text. Read from the sources, as ArchUnit sees the package-info class but not
 * its javadoc. Shared with the other modules' {@code PackageDocsTest} through core's test-jar.
 */
public final class PackageDocs {
    private static final String PACKAGE_INFO = "package-info.java";
    private static final Pattern DECLARATION = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

    private PackageDocs() {
    }

    /** {@code src/main/java} of the module under test (Surefire runs in the module's base directory). */
    public static Path mainSources() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/main/java");
    }

    /** Every package of {@code sourceRoot}, by name, sorted. */
    public static List<String> packages(Path sourceRoot) {
        return packageDirectories(sourceRoot).stream().map(dir -> nameOf(sourceRoot, dir)).sorted().toList();
    }

    /** What is wrong with each package of {@code sourceRoot} that does not say what it is for, by package name. */
    public static SortedMap<String, String> undocumented(Path sourceRoot) {
        SortedMap<String, String> problems = new TreeMap<>();
        for (Path dir : packageDirectories(sourceRoot)) {
            String name = nameOf(sourceRoot, dir);
            problemOf(name, dir.resolve(PACKAGE_INFO)).ifPresent(problem -> problems.put(name, problem));
        }
        return problems;
    }

    /** A failure message: one line per package, with what is wrong. */
    public static String report(Map<String, String> problems) {
        return problems.entrySet().stream().map(e -> "  " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(System.lineSeparator(),
                        problems.size() + " package(s) without a package-info.java whose javadoc says what the package is for:"
                                + System.lineSeparator(), ""));
    }

    private static Optional<String> problemOf(String name, Path packageInfo) {
        if (!Files.isRegularFile(packageInfo)) {
            return Optional.of("no " + PACKAGE_INFO);
        }
        String text = read(packageInfo);
        Matcher declaration = DECLARATION.matcher(text);
        if (!declaration.find()) {
            return Optional.of(PACKAGE_INFO + " declares no package");
        }
        if (!declaration.group(1).equals(name)) {
            return Optional.of(PACKAGE_INFO + " declares package " + declaration.group(1));
        }
        Matcher javadoc = JAVADOC.matcher(text.substring(0, declaration.start()));
        String comment = null;
        while (javadoc.find()) {
            comment = javadoc.group(1);
        }
        if (comment == null) {
            return Optional.of(PACKAGE_INFO + " has no javadoc comment (/** ... */) before its package declaration");
        }
        boolean saysSomething = comment.lines().map(line -> line.strip().replaceFirst("^\\*+", "").strip())
                .anyMatch(line -> !line.isEmpty());
        return saysSomething ? Optional.empty() : Optional.of(PACKAGE_INFO + " has an empty javadoc comment");
    }

    private static List<Path> packageDirectories(Path sourceRoot) {
        try (Stream<Path> paths = Files.walk(sourceRoot)) {
            return paths.filter(Files::isDirectory).filter(PackageDocs::holdsTypes).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sources under " + sourceRoot, e);
        }
    }

    private static boolean holdsTypes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .anyMatch(file -> file.endsWith(".java") && !file.equals(PACKAGE_INFO));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String nameOf(Path sourceRoot, Path dir) {
        return sourceRoot.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), ".");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
