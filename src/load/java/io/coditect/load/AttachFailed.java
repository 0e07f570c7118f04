package io.coditect.load;

import jakarta.json.Json;
import java.io.StringReader;
import java.net.http.WebSocketHandshakeException;

/** An attach that did not get to {@code attached}: the HTTP status and error code, or the failure. */
final class AttachFailed extends Exception {
    final String code;

    AttachFailed(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A refused upgrade: {@code http_<status>_<error code of the JSON body>}. */
    static AttachFailed refused(WebSocketHandshakeException refused) {
        Object body = refused.getResponse().body();
        return new AttachFailed("http_" + refused.getResponse().statusCode() + "_" + errorCode(body),
                refused.getResponse().statusCode() + " " + body);
    }

    private static String errorCode(Object body) {
        if (body == null) {
            return "none";
        }
        try (var reader = Json.createReader(new StringReader(body.toString()))) {
            return reader.readObject().getString("error", "none");
        } catch (RuntimeException notJson) {
            return "not_json";
        }
    }
}
