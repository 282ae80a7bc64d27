package dev.patauth.samples;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patauth.NewToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static String database;
    private static Demo demo;
    private static SampleClient client;

    private ChromeDriver browser;

    @BeforeAll
    static void startDemo() throws Exception {
        HeadlessChromium.requireInstalled();
        // the scopes and expiry policy the sample's web.xml declares, said here too so the test reads whole
        database = "jdbc:h2:mem:page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        demo = Demo.start(0, Map.of(
                "patauth.jdbc.url", database,
                "patauth.last-used.interval", "1s",
                "patauth.scopes", "read,write",
                "patauth.scope.read", "Read your notes and account",
                "patauth.scope.write", "Create and change notes",
                "patauth.expiry.default", "30d",
                "patauth.expiry.max", "365d"));
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

        String token = page.create("laptop", "30 days");

        assertThat(token).matches("pat_[0-9A-Za-z]{46}");
        assertThat(page.newTokenWarning()).contains("Copy this token now", "will not be shown again");
        assertThat(page.copy()).isNotBlank();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-new-token.png"));
        page.closeNewToken();
        assertThat(page.pageSource()).as("the token leaves the page with its dialog").doesNotContain(token);
        assertThat(page.cell("laptop", "Last used")).isEqualTo("Never used");
        assertThat(page.cell("laptop", "Expires")).as("not within 7 days: no marker").isEqualTo("In 30 days");
        assertThat(page.cell("laptop", "Scopes")).as("the default scopes, every declared one").isEqualTo("read\nwrite");

        HttpResponse<String> whoami = client.whoami(token);
        assertStatus(whoami, 200);
        JsonNode caller = SampleClient.json(whoami);
        assertThat(caller.get("user").asText()).isEqualTo("alice");
        assertThat(caller.get("tokenName").asText()).isEqualTo("laptop");

        // the use is written by the next flush (every second here); the page shows it on its next load,
        // with the address and the client as the server saw them
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            page.reload();
            assertThat(page.cell("laptop", "Last used")).matches("Just now · 127\\.0\\.0\\.1 · Java-http-client/[0-9.]+");
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
    void personCreatesATokenWithChosenScopesAndADateThenRotatesIt() {
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);
        page.openCreateDialog();

        assertThat(page.scopeChoices()).as("every declared scope, the defaults ticked").containsExactly(
                Map.entry("read", true), Map.entry("write", true));
        assertThat(page.scopeDescription("write")).isEqualTo("Create and change notes");
        assertThat(page.expiryChoices()).containsExactly("7 days", "30 days", "60 days", "90 days", "Custom date…",
                "No expiration");
        assertThat(page.chosenExpiry()).as("the app's default").isEqualTo("30 days");

        page.typeName("deploy");
        page.chooseScopes(Set.of());
        page.generate();
        assertThat(page.createError()).contains("Choose at least one scope");

        page.chooseScopes(Set.of("read"));
        LocalDate in40Days = LocalDate.now().plusDays(40);
        page.chooseExpiryDate(in40Days);
        assertThat(page.expiryHint()).startsWith("The token will expire on ");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-create-dialog.png"));
        page.generate();
        String token = page.awaitNewToken();

        assertThat(page.newTokenSummary()).isEqualTo("deploy · read · expires in 40 days");
        page.closeNewToken();
        assertThat(page.cell("deploy", "Scopes")).isEqualTo("read");
        assertThat(page.cell("deploy", "Expires")).isEqualTo("In 40 days");
        assertStatus(client.whoami(token), 200);
        List<String> ids = page.ids();

        assertThat(page.askToRotate("deploy")).isEqualTo("deploy");
        page.cancelRotate();
        assertThat(page.ids()).as("cancel keeps the token").isEqualTo(ids);
        assertStatus(client.whoami(token), 200);

        page.askToRotate("deploy");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-rotate.png"));
        String rotated = page.confirmRotate();

        assertThat(rotated).matches("pat_[0-9A-Za-z]{46}").isNotEqualTo(token);
        assertThat(page.newTokenTitle()).isEqualTo("Your rotated token");
        assertThat(page.newTokenWarning()).contains("Copy this token now", "will not be shown again");
        assertThat(page.newTokenSummary()).isEqualTo("deploy · read · expires in 40 days");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-rotated-token.png"));
        page.closeNewToken();
        assertThat(page.pageSource()).as("the new token leaves the page with its dialog").doesNotContain(rotated);
        assertThat(page.ids()).as("one token, under a new id").hasSize(ids.size()).isNotEqualTo(ids);
        assertThat(page.cell("deploy", "Scopes")).isEqualTo("read");
        assertThat(page.cell("deploy", "Expires")).isEqualTo("In 40 days");
        assertStatus(client.whoami(token), 401);
        assertStatus(client.whoami(rotated), 200);
        page.askToRevoke("deploy");
        page.confirmRevoke("deploy");
    }

    @Test
    void tokenThatExpiresWithinAWeekIsMarkedInWords() {
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.BOB);
        page.openCreateDialog();
        page.typeName("short-lived");
        page.chooseExpiryDate(LocalDate.now().plusDays(3));
        assertThat(page.expiryHint()).startsWith("The token will expire on ");
        page.generate();
        page.awaitNewToken();
        page.closeNewToken();
        page.create("forever", "No expiration");
        page.closeNewToken();

        assertThat(page.cell("short-lived", "Expires")).isEqualTo("In 3 days Expires soon");
        assertThat(page.cell("forever", "Expires")).isEqualTo("No expiration");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-expires-soon.png"));
        for (String name : List.of("short-lived", "forever")) {
            page.askToRevoke(name);
            page.confirmRevoke(name);
        }
    }

    @Test
    void nameWithMarkupIsShownAsText() {
        String markup = "<img src=x onerror=alert(1)>";
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);

        page.create(markup, "7 days");
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

        page.startCreate("closed too soon", "7 days");
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
            assertThat(page.cell("Grafana dashboard", "Last used")).startsWith("Just now · 127.0.0.1 · ");
        });

        assertThat(page.overflowsSideways()).isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens.png"));

        browser.manage().window().setSize(new Dimension(390, 844));
        page.reload();

        assertThat(page.overflowsSideways()).as("no sideways scrolling on a phone").isFalse();
        assertThat(page.cell("Grafana dashboard", "Last used")).startsWith("Just now · 127.0.0.1 · ");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-phone.png"));

        assertThat(page.create("Phone shortcut", "7 days")).startsWith("pat_");
        assertThat(page.overflowsSideways()).as("the new token wraps instead of widening the page").isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-phone-new-token.png"));
        page.closeNewToken();
    }

    /**
     * bob is an administrator (the sample's patauth.admin.role is admin): he pages through every
     * user's tokens, filters them, and revokes one of alice's, then all of hers.
     */
    @Test
    void administratorPagesFiltersAndRevokesEveryonesTokens() throws SQLException {
        // a known start whatever ran before: alice has no tokens, and 25 of other people's are the newest
        demo.engine().revokeAll("alice", "test-setup");
        List<String> others = List.of("carol", "dave", "erin");
        for (int i = 1; i <= 25; i++) {
            demo.engine().create(others.get(i % others.size()), NewToken.named(String.format("batch %02d", i)));
        }
        String laptop = client.createToken(SampleAccount.ALICE, "alice laptop").get("token").asText();
        String ci = client.createToken(SampleAccount.ALICE, "alice ci").get("token").asText();
        JsonNode old = client.createToken(SampleAccount.ALICE, "alice old");
        ageToken(old.get("id").asText(), Duration.ofDays(100));
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.BOB);

        assertThat(page.showsAllTokensTab()).isTrue();
        page.openAllTokens();

        List<String> first = page.allNames();
        assertThat(page.pageNumber()).isEqualTo("Page 1");
        assertThat(first).as("20 a page, newest first").hasSize(20).startsWith("alice ci", "alice laptop", "batch 25")
                .doesNotContain("batch 01");
        assertThat(page.canGoToPreviousPage()).isFalse();
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-all.png"));
        page.nextPage();
        assertThat(page.pageNumber()).isEqualTo("Page 2");
        assertThat(page.allNames()).contains("batch 01").doesNotContainAnyElementsOf(first);
        assertThat(page.canGoToPreviousPage()).isTrue();
        page.previousPage();
        assertThat(page.pageNumber()).isEqualTo("Page 1");
        assertThat(page.allNames()).isEqualTo(first);

        page.filterBy("alice", false);
        assertThat(page.allNames()).containsExactly("alice ci", "alice laptop", "alice old");
        assertThat(page.allUsers()).containsOnly("alice");
        assertThat(page.canGoToNextPage()).isFalse();
        assertThat(page.revokeAllButton()).isEqualTo("Revoke all tokens of alice");
        page.filterBy("alice", true);
        assertThat(page.allNames()).as("unused for 90 days").containsExactly("alice old");
        page.filterBy("alice", false);

        assertThat(page.askToRevokeAsAdmin("alice laptop")).startsWith("alice laptop of alice will stop working");
        page.cancelRevokeAsAdmin();
        assertStatus(client.whoami(laptop), 200);
        page.askToRevokeAsAdmin("alice laptop");
        page.confirmRevokeAsAdmin();
        assertThat(page.allNames()).containsExactly("alice ci", "alice old");
        assertStatus(client.whoami(laptop), 401);

        assertThat(page.askToRevokeAll()).isEqualTo("Revoke all tokens of alice?\n"
                + "All 2 active tokens of alice will stop working at once, for every script and tool that uses them."
                + " This cannot be undone.\nRevoke all 2 tokens");
        page.screenshot(SCREENSHOTS.resolve("auth-tokens-revoke-all.png"));
        page.confirmRevokeAll();

        assertThat(page.notice()).isEqualTo("Revoked 2 tokens of alice.");
        assertThat(page.allNames()).isEmpty();
        assertThat(page.allEmpty()).isEqualTo("No active token matches these filters.");
        assertStatus(client.whoami(ci), 401);
        assertThat(SampleClient.json(client.listTokens(SampleAccount.ALICE)).get("tokens")).isEmpty();
    }

    @Test
    void aMemberWhoIsNoAdministratorSeesOnlyTheirOwnTokens() {
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.ALICE);

        assertThat(page.showsAllTokensTab()).isFalse();
        assertThat(SampleClient.json(client.listTokens(SampleAccount.ALICE)).get("admin").asBoolean()).isFalse();
        HttpResponse<String> refused = client.get(SampleAccount.ALICE, "account/tokens/api/admin/tokens");
        assertStatus(refused, 403);
        assertThat(SampleClient.json(refused).get("error").asText()).isEqualTo("forbidden");
    }

    /** axe-core finds nothing wrong on either tab, nor in any dialog the page opens. */
    @Test
    void wholePagePassesAnAccessibilityScan() {
        demo.engine().revokeAll("bob", "test-setup");
        try {
            scanEveryView();
        } finally {
            // bob's tokens must not count against the limit in the other tests
            demo.engine().revokeAll("bob", "test-cleanup");
        }
    }

    private void scanEveryView() {
        // a used token, so that the scan sees where it was used from as well as "Never used"
        String used = client.createToken(SampleAccount.BOB, "laptop").get("token").asText();
        assertStatus(client.whoami(used), 200);
        client.createToken(SampleAccount.BOB, "unused");
        AuthTokensPage page = AuthTokensPage.openAs(browser, demo.uri(), SampleAccount.BOB);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            page.reload();
            assertThat(page.cell("laptop", "Last used")).startsWith("Just now · 127.0.0.1 · ");
        });
        Map<String, List<String>> violations = new LinkedHashMap<>();

        violations.put("Your tokens", page.accessibilityViolations());
        page.openCreateDialog();
        violations.put("the create dialog", page.accessibilityViolations());
        page.pressEscape();
        page.create("scanned", "7 days");
        violations.put("the new token dialog", page.accessibilityViolations());
        page.closeNewToken();
        page.askToRotate("laptop");
        violations.put("the rotate dialog", page.accessibilityViolations());
        page.cancelRotate();
        page.askToRevoke("laptop");
        violations.put("the revoke dialog", page.accessibilityViolations());
        page.cancelRevoke();
        page.openAllTokens();
        violations.put("All tokens", page.accessibilityViolations());
        page.filterBy("bob", true);
        violations.put("All tokens, filtered to nothing", page.accessibilityViolations());
        page.filterBy("bob", false);
        page.askToRevokeAsAdmin("laptop");
        violations.put("the administrator's revoke dialog", page.accessibilityViolations());
        page.cancelRevokeAsAdmin();
        page.askToRevokeAll();
        violations.put("the revoke all dialog", page.accessibilityViolations());
        page.cancelRevokeAll();

        assertThat(violations).allSatisfy((view, found) -> assertThat(found).as(view).isEmpty());
    }

    /** As if the token had been made {@code age} ago and never used since. */
    private static void ageToken(String id, Duration age) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE patauth_token SET created_at = ?, last_used_at = NULL WHERE id = ?")) {
            update.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(age));
            update.setObject(2, UUID.fromString(id));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
