package dev.orchestrators.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The deployment files of the repository (docker-compose.yml, Dockerfile, deploy/), read as the tools that use them
 * would: YAML and JSON documents, env files, the root pom's properties, the metric names of a dashboard's PromQL.
 * The tests run in the module's directory; the repository is its parent.
 */
public final class DeployFiles {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An identifier of PromQL: a metric, function, keyword or label name. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][\\w:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "offset", "and", "or", "unless", "inf", "nan");

    private DeployFiles() {
    }

    /** The repository's root directory. */
    public static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("run the tests from their module's directory: no docker-compose.yml in " + root);
        }
        return root;
    }

    /** {@code relative} to the repository's root. */
    public static Path file(String relative) {
        return root().resolve(relative).normalize();
    }

    /** The single YAML document of {@code file}. */
    public static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is no YAML document", e);
        }
    }

    /** Every YAML document of {@code text}, in order. */
    public static List<JsonNode> yamlDocuments(String text) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).forEachRemaining(node -> {
                if (node != null && !node.isMissingNode() && !node.isNull()) {
                    documents.add(node);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("no YAML documents", e);
        }
    }

    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is no JSON document", e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code KEY=VALUE} lines of an env file (as Docker Compose and kustomize read them), in order; comments skipped. */
    public static Map<String, String> envFile(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(file + ": not KEY=VALUE: " + line);
            }
            variables.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return variables;
    }

    /** One instruction of the Dockerfile: the build stage it is in (0 for the first), its keyword and its arguments. */
    public record Instruction(int stage, String keyword, String arguments) {
    }

    /** The instructions of the repository's Dockerfile, continued lines joined, comments skipped. */
    public static List<Instruction> dockerfile() {
        List<Instruction> instructions = new ArrayList<>();
        int stage = -1;
        StringBuilder pending = new StringBuilder();
        for (String line : read(file("Dockerfile")).split("\n")) {
            if (pending.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String text = pending.append(line).toString().strip();
            pending.setLength(0);
            String keyword = text.split("\\s+", 2)[0].toUpperCase();
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(stage, keyword, text.substring(keyword.length()).strip()));
        }
        return instructions;
    }

    /** The {@code ENV} variables of the Dockerfile's last stage (the image), in the {@code ENV KEY=VALUE} form. */
    public static Map<String, String> imageEnvironment() {
        List<Instruction> instructions = dockerfile();
        int last = instructions.get(instructions.size() - 1).stage();
        Map<String, String> environment = new LinkedHashMap<>();
        for (Instruction instruction : instructions) {
            if (instruction.stage() == last && instruction.keyword().equals("ENV")) {
                for (String pair : instruction.arguments().split("\\s+")) {
                    int equals = pair.indexOf('=');
                    environment.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return environment;
    }

    /** A {@code <properties>} entry of the root pom, e.g. {@code kafka.version}. */
    public static String pomProperty(String name) {
        return pomElement("pom.xml", "properties", name);
    }

    /** The text of {@code <parent><child>} (the first of each) of the pom at {@code relative}. */
    public static String pomElement(String relative, String parent, String child) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            Element project = factory.newDocumentBuilder().parse(file(relative).toFile()).getDocumentElement();
            Node section = project.getNodeName().equals(parent) ? project : project.getElementsByTagName(parent).item(0);
            for (Node node = section.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (child.equals(node.getNodeName())) {
                    return node.getTextContent().strip();
                }
            }
            throw new IllegalStateException(relative + " has no <" + parent + "><" + child + ">");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + relative, e);
        }
    }

    /** The text of the first {@code <tag>} of the pom at {@code relative}, wherever it is. */
    public static String pomTag(String relative, String tag) {
        try {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file(relative).toFile()).getDocumentElement();
            Node node = project.getElementsByTagName(tag).item(0);
            if (node == null) {
                throw new IllegalStateException(relative + " has no <" + tag + ">");
            }
            return node.getTextContent().strip();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + relative, e);
        }
    }

    /** The command a compose worker's container runs: the arguments of the image's entry point, e.g. {@code [run]}. */
    public static List<String> composeWorkerCommand() {
        List<String> command = new ArrayList<>();
        yaml(file("docker-compose.yml")).at("/services/worker/command").forEach(word -> command.add(word.asText()));
        return List.copyOf(command);
    }

    /** The environment a compose worker's container has: the image's variables, then its env files', then its own. */
    public static Map<String, String> composeWorkerEnvironment() {
        JsonNode worker = yaml(file("docker-compose.yml")).at("/services/worker");
        Map<String, String> environment = new LinkedHashMap<>(imageEnvironment());
        worker.path("env_file").forEach(env -> environment.putAll(envFile(file(env.asText()))));
        worker.path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        return environment;
    }

    /**
     * The label names {@code promql} uses: in its selectors' matchers and its {@code by (...)} clauses;
     * {@code label_values(metric, label)} uses {@code label}.
     */
    public static Set<String> labelNames(String promql) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher labelValues = Pattern.compile("label_values\\([^,]+,\\s*(\\w+)\\s*\\)").matcher(promql);
        if (labelValues.find()) {
            labels.add(labelValues.group(1));
        }
        Matcher selector = Pattern.compile("\\{([^}]*)}").matcher(promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
        while (selector.find()) {
            Matcher matcher = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)").matcher(selector.group(1));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
        }
        Matcher by = Pattern.compile("\\bby\\s*\\(([^)]*)\\)").matcher(promql);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                labels.add(label.strip());
            }
        }
        return labels;
    }

    /** Every PromQL query of a Grafana dashboard: its panels' targets (rows' panels included) and its query variables. */
    public static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            queries.add(query.isTextual() ? query.asText() : query.path("query").asText());
        }
        return queries;
    }

    /**
     * The metric names {@code promql} reads: its identifiers, less functions and aggregations (followed by
     * '('), keywords, label names (in {@code {...}} and {@code by (...)}), range durations and Grafana's variables.
     * {@code label_values(metric, label)} reads {@code metric}.
     */
    public static Set<String> metricNames(String promql) {
        String query = promql;
        Matcher labelValues = Pattern.compile("label_values\\(\\s*([^,{)]+)").matcher(query);
        if (labelValues.find()) {
            return Set.of(labelValues.group(1).strip());
        }
        query = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        query = query.replaceAll("\\{[^}]*}", " ");
        query = query.replaceAll("\\[[^]]*]", " ");
        query = query.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(query);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = query.substring(identifier.end()).stripLeading().startsWith("(");
            if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
