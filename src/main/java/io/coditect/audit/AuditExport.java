package io.coditect.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;

/**
 * Every audit event as one JSON line on the logger {@value #LOGGER}, at INFO: with Liberty's JSON
 * console logging a SIEM collects the events from stdout without reading the store (the line is
 * the {@code message} of Liberty's record; docs/configuration.md, "Audit trail").
 */
@ApplicationScoped
public class AuditExport {
    public static final String LOGGER = "io.coditect.audit.events";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    public void log(AuditEvent event) {
        LOG.info(AuditJson.text(event));
    }
}
