package io.coditect.deploy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The product's Liberty configuration (src/main/liberty/config/coditect.xml), as the image ships it. */
final class LibertyConfig {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private LibertyConfig() {
    }

    /** The application's endpoint. */
    static Element httpEndpoint() {
        return httpEndpoint("defaultHttpEndpoint");
    }

    /** Health, metrics and the OpenAPI document: default_host's one endpoint. */
    static Element managementEndpoint() {
        return httpEndpoint("managementHttpEndpoint");
    }

    private static Element httpEndpoint(String id) {
        NodeList endpoints = document().getElementsByTagName("httpEndpoint");
        for (int i = 0; i < endpoints.getLength(); i++) {
            Element endpoint = (Element) endpoints.item(i);
            if (endpoint.getAttribute("id").equals(id)) {
                return endpoint;
            }
        }
        throw new AssertionError("coditect.xml has no " + id);
    }

    /** The Liberty variable an attribute takes its value from, e.g. http.port for httpPort="${http.port}". */
    static String variableOf(Element element, String attribute) {
        Matcher matcher = REFERENCE.matcher(element.getAttribute(attribute));
        if (!matcher.matches()) {
            throw new AssertionError(attribute + " is not a single ${variable}: " + element.getAttribute(attribute));
        }
        return matcher.group(1);
    }

    /** The environment variable that overrides a Liberty variable (dots as underscores, upper case). */
    static String environmentName(String variable) {
        return variable.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static Map<String, String> variableDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        NodeList variables = document().getElementsByTagName("variable");
        for (int i = 0; i < variables.getLength(); i++) {
            Element variable = (Element) variables.item(i);
            defaults.put(variable.getAttribute("name"), variable.getAttribute("defaultValue"));
        }
        return defaults;
    }

    private static Document document() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Project.file("src/main/liberty/config/coditect.xml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read coditect.xml", e);
        }
    }
}
