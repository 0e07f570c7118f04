package io.coditect.relay;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a workspace's agent listens, from the template {@code coditect.gateway.agent-url}:
 * {@code {workspace}} and {@code {namespace}} are replaced, so the default names the StatefulSet's
 * one pod through its headless Service ({@code <id>-0.<id>.<namespace>.svc:8080}) and tests can
 * point every workspace at one agent on loopback.
 */
final class AgentAddress {
    static final String WORKSPACE = "{workspace}";
    static final String NAMESPACE = "{namespace}";

    private AgentAddress() {
    }

    static URI of(String template, String workspaceId, String namespace) {
        String url = template.replace(WORKSPACE, workspaceId).replace(NAMESPACE, namespace);
        if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return URI.create(url);
    }

    /** Refuses a template that does not make an {@code http(s)://host[:port]} URL. */
    static void check(String template) {
        String sample = template.replace(WORKSPACE, "ws-000000000000").replace(NAMESPACE, "namespace");
        try {
            URI uri = new URI(sample);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                    || uri.getQuery() != null) {
                throw new IllegalArgumentException("coditect.gateway.agent-url must be http(s)://host[:port] "
                        + "(with {workspace} and {namespace} where they belong), not '" + template + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("coditect.gateway.agent-url is not a URL: '" + template + "'", e);
        }
    }
}
