package io.coditect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coditect.testing.Api;
import io.coditect.testing.Chromium;
import io.coditect.testing.Keycloak;
import io.coditect.testing.OidcServers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The page signing in at a real identity provider (Keycloak, {@link OidcServers}) in headless
 * Chromium, as a person does: "Sign in", the password typed on Keycloak's own login page, back to
 * the workspaces, a terminal typed into, the token renewed by the page (the test realm's access
 * tokens live 70 s; the page renews a minute before expiry, so every 10 s here) while the terminal
 * keeps working, a reload that re-attaches it with the renewed token, and sign-out at the provider.
 * The lifespan is the test realm's only to keep the two waits short (for the first renewal, and for
 * the last token's expiry); what the page does with it is the same at any lifespan over a minute.
 */
@ExtendWith(OidcServers.class)
class SignInOidcIT {
    private static final Path ARTIFACTS = Path.of(System.getProperty("coditect.it.browser-artifacts", "target/browser-tests"));
    private static final String TOKEN_KEY = "coditect.token";

    private Chromium.Session browser;
    private ClientPage page;
    private Keycloak keycloak;
    private Api.Target api;

    @BeforeEach
    void startBrowser() {
        String unavailable = Chromium.unavailableReason();
        if (unavailable != null) {
            System.out.println("Browser tests SKIPPED: " + unavailable);
        }
        assumeTrue(unavailable == null, unavailable);
        keycloak = OidcServers.current().keycloak();
        api = OidcServers.current().api();
        browser = Chromium.start(1280, 800);
        page = new ClientPage(browser.driver(), URI.create("http://localhost:" + OidcServers.current().server().baseUri().getPort()));
    }

    @AfterEach
    void stopBrowser(TestInfo test) {
        if (browser != null) {
            page.screenshot(ARTIFACTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
            browser.close();
        }
    }

    @Test
    void signInAtTheProvider_terminalKeepsWorkingAcrossRenewal_signOutEndsIt() {
        page.open();
        page.waitFor(ExpectedConditions.elementToBeClickable(By.id("provider-sign-in"))).click();

        // Keycloak's own login page.
        page.waitFor(ExpectedConditions.elementToBeClickable(By.id("username"))).sendKeys("alice");
        browser.driver().findElement(By.id("password")).sendKeys("alice-password");
        browser.driver().findElement(By.id("kc-login")).click();

        page.waitFor(ExpectedConditions.textToBe(By.id("signed-in-user"), "alice"));
        String address = browser.driver().getCurrentUrl();
        assertThat(address).as("the code and state are gone from the address").doesNotContain("code=").doesNotContain("state=");
        String firstToken = sessionToken();
        assertThat(address).doesNotContain(firstToken);
        assertThat((String) page.script("return JSON.stringify(localStorage)")).as("nothing of the sign-in outlives the tab")
                .doesNotContain(firstToken).doesNotContain("refresh_token").doesNotContain("code_verifier");

        String workspaceId = page.createWorkspace("signed in at the provider");
        page.clickWorkspaceAction(workspaceId, "open");
        page.newTerminal();
        page.focusTerminal();
        page.run("echo before-renewal-$((6*7))");
        page.waitForLine("before-renewal-42");

        // The page renews the 70-second token a minute before it expires.
        String renewed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(this::sessionToken, token -> token != null && !token.equals(firstToken));
        assertThat(page.connectionState()).isEqualTo("connected");
        page.focusTerminal();
        page.run("echo after-renewal-$((7*7))");
        page.waitForLine("after-renewal-49");
        assertThat(api.get("/api/v1/workspaces/" + workspaceId, renewed).status()).isEqualTo(200);

        // A reload attaches the terminal again with the renewed token: nothing of its output is lost.
        page.reload();
        page.waitForConnectionState("connected");
        page.waitForLine("before-renewal-42");
        page.waitForLine("after-renewal-49");
        page.focusTerminal();
        page.run("echo after-reload-$((8*8))");
        page.waitForLine("after-reload-64");

        String lastToken = sessionToken();
        String refreshToken = refreshToken();
        browser.driver().findElement(By.id("sign-out")).click();
        page.waitFor(ExpectedConditions.elementToBeClickable(By.id("provider-sign-in")));
        assertThat(sessionToken()).isNull();
        assertThat(keycloak.refreshGrant("coditect-web", refreshToken).status())
                .as("the session at the provider is over").isEqualTo(400);
        page.open();
        assertThat(page.waitFor(ExpectedConditions.elementToBeClickable(By.id("provider-sign-in")))).isNotNull();
        // The last access token is a self-contained JWT: the API takes it until it expires, then never.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                .until(() -> api.get("/api/v1/workspaces", lastToken).status() == 401);
    }

    private String sessionToken() {
        return (String) page.script("return sessionStorage.getItem(arguments[0])", TOKEN_KEY);
    }

    /** The refresh token oidc-client-ts keeps for the user in this tab's sessionStorage. */
    private String refreshToken() {
        String user = (String) page.script("for (let i = 0; i < sessionStorage.length; i++) {"
                + " const key = sessionStorage.key(i); if (key.startsWith('oidc.user:')) { return sessionStorage.getItem(key); } }"
                + " return null;");
        assertThat(user).as("the signed-in user in sessionStorage").isNotNull();
        try (var reader = Json.createReader(new StringReader(user))) {
            JsonObject stored = reader.readObject();
            return stored.getString("refresh_token");
        }
    }
}
