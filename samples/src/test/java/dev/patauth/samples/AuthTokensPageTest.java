package dev.patauth.samples;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Auth Tokens page in headless Chromium, served by the demo: a person creates a token in
 * the dialog, reads it once, a script uses it, Last used changes, and revoking it cuts the
 * script off. Screenshots land in {@code target/} for people to look at.
 */
class AuthTokensPageTest {

    private static final Path SCREENSHOTS = Path.of("target");

    private static Demo demo;
    private static SampleClient client;

    private ChromeDriver browser;

    @BeforeAll
    static void startDemo() throws Exception {
        HeadlessChromium.requireInstalled();
        demo = Demo.start(0, Map.of(
                "patauth.jdbc.url", "jdbc:h2:mem:page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "patauth.last-used.interval", "1s"));
        client = new SampleClient(demo.uri());
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void personCreatesUsesAndRevokesATokenInThePage() {
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);

        String token = page.create("laptop", "In 30 days");

        assertThat(token).matches("pat_[0-9A-Za-z]{46}");
        assertThat(page.newTokenWarning()).contains("Copy this token now", "will not be shown again");
        assertThat(page.copy()).isNotBlank();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-new-token.png"));
        page.closeNewToken();
        assertThat(page.pageSource()).as("the token leaves the page with its dialog").doesNotContain(token);
        assertThat(page.cell("laptop", "Last used")).isEqualTo("Never");
        assertThat(page.cell("laptop", "Expires")).isEqualTo("In 30 days");

        HttpResponse<String> whoami = client.whoami(token);
        assertStatus(whoami, 200);
        JsonNode caller = SampleClient.json(whoami);
        assertThat(caller.get("user").asText()).isEqualTo("alice");
        assertThat(caller.get("tokenName").asText()).isEqualTo("laptop");

        // the use is written by the next flush (every second here); the page shows it on its next load
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            page.reload();
            assertThat(page.cell("laptop", "Last used")).isEqualTo("Just now");
        });

        assertThat(page.askToRevoke("laptop")).isEqualTo("laptop");
        page.cancelRevoke();
        assertThat(page.names()).contains("laptop");
        assertThat(client.whoami(token).statusCode()).as("cancel keeps the token").isEqualTo(200);

        page.askToRevoke("laptop");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-revoke.png"));
        page.confirmRevoke("laptop");

        assertThat(page.names()).doesNotContain("laptop");
        assertStatus(client.whoami(token), 401);
    }

    @Test
    void nameWithMarkupIsShownAsText() {
        String markup = "<img src=x onerror=alert(1)>";
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);

        page.create(markup, "In 7 days");
        page.closeNewToken();

        assertThat(page.names()).contains(markup);
        assertThat(page.imagesInTheTable()).isEmpty();
        assertThat(page.askToRevoke(markup)).isEqualTo(markup);
        page.cancelRevoke();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void tokenAnsweredAfterTheDialogWasClosedIsShownOnceAndLeavesThePageWithIt() {
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);
        page.slowNetwork(Duration.ofMillis(1500));

        page.startCreate("closed too soon", "In 7 days");
        page.pressEscape();

        assertThat(page.isCreateDialogOpen()).as("Escape closes the dialog while the request is in flight").isFalse();
        assertThat(page.newTokenInTheDom()).as("the answer has not come yet").isEmpty();
        // the token exists once the answer comes, so the page shows it, once, as it does any new token
        String token = page.awaitNewToken();
        page.normalNetwork();
        assertThat(token).matches("pat_[0-9A-Za-z]{46}");
        assertThat(page.newTokenWarning()).contains("Copy this token now");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-answer-after-escape.png"));
        assertStatus(client.whoami(token), 200);

        page.pressEscape();

        assertThat(page.isCreateDialogOpen()).isFalse();
        assertThat(page.newTokenInTheDom()).as("#new-token once the dialog closed").isEmpty();
        assertThat(page.pageSource()).doesNotContain(token);
        page.openCreateDialog();
        assertThat(page.showsCreateForm()).isTrue();
        assertThat(page.newTokenInTheDom()).as("#new-token after the dialog opened again").isEmpty();
        page.pressEscape();
        page.askToRevoke("closed too soon");
        page.confirmRevoke("closed too soon");
    }

    @Test
    void aNameOfOneHundredEmojiCanBeTyped() {
        String hundredEmoji = "😀".repeat(100); // 100 characters for the API, 200 UTF-16 units for the browser
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);

        page.openCreateDialog();
        page.type(hundredEmoji);

        assertThat(page.nameField()).isEqualTo(hundredEmoji);
        page.generate();
        page.awaitNewToken();
        page.closeNewToken();
        assertThat(page.names()).contains(hundredEmoji);
        assertThat(page.overflowsSideways()).as("the long name wraps instead of widening the page").isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-emoji-name.png"));
        page.askToRevoke(hundredEmoji);
        page.confirmRevoke(hundredEmoji);
    }

    @Test
    void limitIsExplainedAndCreateWaitsForARevoke() {
        for (int i = 1; i <= 10; i++) {
            client.createToken(SampleAccount.BOB, "script " + i);
        }

        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.BOB);

        assertThat(page.count()).isEqualTo("10 of 10");
        assertThat(page.notice()).contains("10 active tokens", "Revoke a token you no longer need");
        assertThat(page.canCreate()).isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-limit.png"));

        page.askToRevoke("script 1");
        page.confirmRevoke("script 1");

        assertThat(page.count()).isEqualTo("9 of 10");
        assertThat(page.notice()).isEmpty();
        assertThat(page.canCreate()).isTrue();
    }

    @Test
    void pageFitsALaptopAndAPhone() {
        client.createToken(SampleAccount.ALICE, "Laptop backup script", 365);
        client.createToken(SampleAccount.ALICE, "CI/CD pipeline", 90);
        String dashboard = client.createToken(SampleAccount.ALICE, "Grafana dashboard").get("token").asText();
        assertStatus(client.whoami(dashboard), 200);
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            page.reload();
            assertThat(page.cell("Grafana dashboard", "Last used")).isEqualTo("Just now");
        });

        assertThat(page.overflowsSideways()).isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens.png"));

        browser.manage().window().setSize(new Dimension(390, 844));
        page.reload();

        assertThat(page.overflowsSideways()).as("no sideways scrolling on a phone").isFalse();
        assertThat(page.cell("Grafana dashboard", "Last used")).isEqualTo("Just now");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-phone.png"));

        assertThat(page.create("Phone shortcut", "In 7 days")).startsWith("pat_");
        assertThat(page.overflowsSideways()).as("the new token wraps instead of widening the page").isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-phone-new-token.png"));
        page.closeNewToken();
    }
}
