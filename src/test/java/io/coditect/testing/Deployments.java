package io.coditect.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that the build made, as Arquillian deploys it: the product exactly as shipped. */
public final class Deployments {
    private Deployments() {
    }

    public static WebArchive product() {
        File war = new File(System.getProperty("coditect.it.war", "target/coditect.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("run the integration tests through Maven: " + war + " is missing");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
