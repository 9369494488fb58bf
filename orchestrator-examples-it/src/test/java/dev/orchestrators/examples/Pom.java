package dev.orchestrators.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** What these tests read from a pom.xml, as written (no inheritance, no interpolation). */
record Pom(Element project) {

    static Pom read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(file.toFile());
            return new Pom(document.getDocumentElement());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text of the element at {@code path} below {@code <project>}, e.g. {@code properties/kafka.version}. */
    Optional<String> text(String path) {
        Element at = project;
        for (String name : path.split("/")) {
            at = children(at, name).stream().findFirst().orElse(null);
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.of(at.getTextContent().trim());
    }

    /** The texts of the elements {@code <name>} under the element at {@code path}, e.g. the modules. */
    List<String> texts(String path, String name) {
        return elements(path, name).stream().map(e -> e.getTextContent().trim()).toList();
    }

    /** The elements {@code <name>} under the element at {@code path}. */
    List<Element> elements(String path, String name) {
        Element at = project;
        for (String step : path.split("/")) {
            at = children(at, step).stream().findFirst().orElse(null);
            if (at == null) {
                return List.of();
            }
        }
        return children(at, name);
    }

    static String childText(Element parent, String name) {
        return children(parent, name).stream().findFirst().map(e -> e.getTextContent().trim()).orElse("");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }
}
