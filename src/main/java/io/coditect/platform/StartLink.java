package io.coditect.platform;

import java.util.Optional;

/**
 * What the ready banner adds to the address it prints, from a capability that needs the person
 * who started the server to open a particular link (the development sign-in's secret). The banner
 * prints the plain address when no bean has one.
 */
public interface StartLink {
    /** The URL fragment (without {@code #}) to open the page with, if any. */
    Optional<String> fragment();
}
