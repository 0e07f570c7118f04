package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.DocSnippets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docs/app-servers.md against the product's own Liberty configuration: what it tells an operator
 * to enable is what the product's servers run with. (LibertyAppServerIT runs the document itself.)
 */
class AppServerDocTest {
    private final DocSnippets doc = DocSnippets.of(Project.file("docs/app-servers.md"));

    @Test
    void featureList_isTheProducts() throws Exception {
        Document product = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Project.file("src/main/liberty/config/coditect.xml").toFile());

        assertThat(features(parse(doc.get("liberty/server.xml")))).containsExactlyInAnyOrderElementsOf(features(product));
    }

    @Test
    void libertyOnlySettings_ofTheProduct_allInTheDocument() throws Exception {
        Document documented = parse(doc.get("liberty/server.xml"));

        for (String element : List.of("mpJwt", "webAppSecurity", "mpMetrics", "httpSession")) {
            assertThat(documented.getElementsByTagName(element).getLength()).as(element).isEqualTo(1);
        }
        assertThat(documented.getElementsByTagName("logging").item(0).getAttributes().getNamedItem("hideMessage").getNodeValue())
                .isEqualTo(Files.readString(Project.file("src/main/liberty/config/coditect.xml"))
                        .replaceAll("(?s).*hideMessage=\"([^\"]+)\".*", "$1"));
    }

    /** The same virtual hosts on the same endpoints: the document's server answers where the product's does. */
    @Test
    void virtualHostsAndEndpoints_theProducts() throws Exception {
        Document product = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Project.file("src/main/liberty/config/coditect.xml").toFile());
        Document documented = parse(doc.get("liberty/http-endpoint.xml"));

        for (String element : List.of("virtualHost", "httpEndpoint", "httpDispatcher")) {
            assertThat(attributes(documented, element, "id", "allowFromEndpointRef", "hostAlias", "host", "httpPort",
                    "enableWelcomePage")).as(element)
                    .isEqualTo(attributes(product, element, "id", "allowFromEndpointRef", "hostAlias", "host", "httpPort",
                            "enableWelcomePage"));
        }
    }

    @Test
    void jvmOptions_theProducts() throws Exception {
        List<String> product = Files.readAllLines(Project.file("src/main/liberty/config/jvm.options")).stream()
                .filter(line -> line.startsWith("--") || line.startsWith("-D")).toList();

        assertThat(doc.get("liberty/jvm.options").lines().filter(line -> !line.startsWith("#")).toList())
                .containsExactlyElementsOf(product);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<List<String>> attributes(Document document, String element, String... names) {
        NodeList elements = document.getElementsByTagName(element);
        List<List<String>> all = new ArrayList<>();
        for (int i = 0; i < elements.getLength(); i++) {
            Element each = (Element) elements.item(i);
            all.add(Arrays.stream(names).map(each::getAttribute).toList());
        }
        return all;
    }

    private static List<String> features(Document document) {
        NodeList features = document.getElementsByTagName("feature");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features.getLength(); i++) {
            names.add(features.item(i).getTextContent().strip());
        }
        return names;
    }
}
