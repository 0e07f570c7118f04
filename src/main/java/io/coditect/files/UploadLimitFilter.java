package io.coditect.files;

import io.coditect.platform.error.BoundedInputStream;
import io.coditect.platform.error.ErrorResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Caps a multipart upload at {@code coditect.files.max-upload-bytes} (plus room for the part
 * headers) before the multipart reader sees it: a declared length over it is refused at once, a
 * longer body is cut off. The JSON body limit does not apply ({@code StreamedBody}). JAX-RS makes
 * its providers itself, outside CDI: the limit is read through {@link FileSettings#maxUploadBytes}.
 */
@Provider
@UploadLimit
public class UploadLimitFilter implements ContainerRequestFilter {
    /** Room for the boundaries and part headers of a reasonable number of files. */
    static final long ENVELOPE_BYTES = 1024 * 1024;

    private final long limit;

    public UploadLimitFilter() {
        this.limit = FileSettings.maxUploadBytes(ConfigProvider.getConfig()) + ENVELOPE_BYTES;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parse(declared) > limit) {
            request.abortWith(ErrorResponses.of(413, "file_too_large",
                    "The upload is larger than " + limit + " bytes, the most allowed."));
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit));
        }
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
