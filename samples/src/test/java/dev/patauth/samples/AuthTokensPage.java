package dev.patauth.samples;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The Auth Tokens page as a person uses it: by its buttons, dialogs and the text they show. */
final class AuthTokensPage {

    private final WebDriver browser;
    private final WebDriverWait wait;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private AuthTokensPage(WebDriver browser) {
        this.browser = browser;
        // a condition that reads rows the list replaced meanwhile is asked again, not failed
        this.wait = (WebDriverWait) new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
    }

    /** Signs in with BASIC credentials in the address, as a person answering the login prompt would. */
    static AuthTokensPage openAs(WebDriver browser, URI demo, SampleAccount account) {
        URI page = URI.create("http://" + account.user() + ":" + account.password() + "@" + demo.getAuthority()
                + "/account/tokens/");
        browser.get(page.toString());
        AuthTokensPage tokens = new AuthTokensPage(browser);
        tokens.awaitList();
        return tokens;
    }

    void reload() {
        browser.navigate().refresh();
        awaitList();
    }

    /** Creates a token through the dialog and returns the token it shows, once. */
    String create(String name, String expiry) {
        startCreate(name, expiry);
        return awaitNewToken();
    }

    /** Opens the dialog, fills it in and presses Generate, without waiting for the answer. */
    void startCreate(String name, String expiry) {
        openCreateDialog();
        WebElement nameField = browser.findElement(By.id("token-name"));
        nameField.clear();
        nameField.sendKeys(name);
        chooseExpiry(expiry);
        browser.findElement(By.id("generate-button")).click();
    }

    /** Picks an expiry by the text a person reads in the list, such as {@code 30 days} or {@code No expiration}. */
    void chooseExpiry(String expiry) {
        new Select(browser.findElement(By.id("token-expiry"))).selectByVisibleText(expiry);
    }

    /** The choices the expiry list offers, in order, and the one chosen when the dialog opens. */
    List<String> expiryChoices() {
        return new Select(browser.findElement(By.id("token-expiry"))).getOptions().stream().map(WebElement::getText).toList();
    }

    String chosenExpiry() {
        return new Select(browser.findElement(By.id("token-expiry"))).getFirstSelectedOption().getText();
    }

    /**
     * Chooses "Custom date…" and types the date as a person does into the date field: month,
     * day and year, in the order of the browser's locale (en-US here).
     */
    void chooseExpiryDate(LocalDate date) {
        chooseExpiry("Custom date…");
        WebElement field = browser.findElement(By.id("token-expiry-date"));
        wait.until(driver -> field.isDisplayed());
        // Tab from the list into the field lands on its first part, the month, as it does for a person
        browser.findElement(By.id("token-expiry")).sendKeys(Keys.TAB);
        new Actions(browser).sendKeys(date.format(DateTimeFormatter.ofPattern("MMddyyyy"))).perform();
    }

    /** What the dialog says about the chosen expiry, such as "The token will expire on …". */
    String expiryHint() {
        return browser.findElement(By.id("expiry-hint")).getText();
    }

    /** The scope checkboxes the dialog shows: name to whether it is checked. */
    Map<String, Boolean> scopeChoices() {
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (WebElement box : browser.findElements(By.cssSelector("#scope-options input[type=checkbox]"))) {
            if (box.isDisplayed()) {
                choices.put(label(box), box.isSelected());
            }
        }
        return choices;
    }

    /** The line under a scope's checkbox that says what it allows, as its description for screen readers. */
    String scopeDescription(String scope) {
        WebElement box = scopeBox(scope);
        return browser.findElement(By.id(box.getDomAttribute("aria-describedby"))).getText();
    }

    /** Ticks exactly these scopes, by clicking their labels. */
    void chooseScopes(Set<String> scopes) {
        for (WebElement box : browser.findElements(By.cssSelector("#scope-options input[type=checkbox]"))) {
            if (box.isSelected() != scopes.contains(label(box))) {
                browser.findElement(By.cssSelector("label[for='" + box.getDomAttribute("id") + "']")).click();
            }
        }
    }

    boolean showsScopeChoices() {
        return browser.findElement(By.id("scope-field")).isDisplayed();
    }

    /** The error the create dialog shows, or empty. */
    String createError() {
        WebElement error = browser.findElement(By.id("create-error"));
        return error.isDisplayed() ? error.getText() : "";
    }

    /** What the dialog with a new token says about it: name, scopes and expiry. */
    String newTokenSummary() {
        return browser.findElement(By.id("created-summary")).getText();
    }

    String newTokenTitle() {
        return browser.findElement(By.id("created-title")).getText();
    }

    private WebElement scopeBox(String scope) {
        return browser.findElements(By.cssSelector("#scope-options input[type=checkbox]")).stream()
                .filter(box -> scope.equals(box.getDomProperty("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no scope checkbox " + scope));
    }

    private String label(WebElement box) {
        return browser.findElement(By.cssSelector("label[for='" + box.getDomAttribute("id") + "']")).getText();
    }

    void openCreateDialog() {
        browser.findElement(By.id("create-button")).click();
        wait.until(driver -> isOpen("create-dialog"));
    }

    /**
     * Types text into the focused field as a keyboard, an input method or a paste would, so the
     * field's own limits apply. Unlike sendKeys, it can type characters outside the BMP (emoji).
     */
    void type(String text) {
        ((HasCdp) browser).executeCdpCommand("Input.insertText", Map.of("text", text));
    }

    /** Types the name into the open dialog's name field. */
    void typeName(String name) {
        WebElement nameField = browser.findElement(By.id("token-name"));
        nameField.clear();
        nameField.sendKeys(name);
    }

    String nameField() {
        return browser.findElement(By.id("token-name")).getDomProperty("value");
    }

    void generate() {
        browser.findElement(By.id("generate-button")).click();
    }

    void pressEscape() {
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
    }

    boolean isCreateDialogOpen() {
        return isOpen("create-dialog");
    }

    /** Whether the open dialog shows the form to create a token, not a created token. */
    boolean showsCreateForm() {
        return browser.findElement(By.id("create-form")).isDisplayed() && !browser.findElement(By.id("created")).isDisplayed();
    }

    /** Waits for the dialog to show a created token and returns it. */
    String awaitNewToken() {
        WebElement token = browser.findElement(By.id("new-token"));
        try {
            wait.until(driver -> isOpen("create-dialog") && token.isDisplayed() && !token.getText().isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("no created token shown within " + WAIT.toSeconds() + " s; the dialog is "
                    + (isOpen("create-dialog") ? "open" : "closed") + " and #new-token holds "
                    + (newTokenInTheDom().isEmpty() ? "nothing" : "a token of " + newTokenInTheDom().length() + " characters"), e);
        }
        return token.getText();
    }

    /** What {@code #new-token} holds, shown or hidden: the text a script on the page could read. */
    String newTokenInTheDom() {
        return browser.findElement(By.id("new-token")).getDomProperty("textContent");
    }

    /** Every request and answer of the page takes this much longer, as on a slow network. */
    void slowNetwork(Duration latency) {
        HasCdp cdp = (HasCdp) browser;
        cdp.executeCdpCommand("Network.enable", Map.of());
        cdp.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false,
                "latency", latency.toMillis(), "downloadThroughput", -1, "uploadThroughput", -1));
    }

    void normalNetwork() {
        ((HasCdp) browser).executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false,
                "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    String newTokenWarning() {
        return browser.findElement(By.cssSelector("#created .warning")).getText();
    }

    /** Clicks Copy and returns what the dialog says happened. */
    String copy() {
        browser.findElement(By.id("copy-button")).click();
        WebElement status = browser.findElement(By.id("copy-status"));
        wait.until(driver -> !status.getText().isEmpty());
        return status.getText();
    }

    void closeNewToken() {
        browser.findElement(By.id("done-button")).click();
        wait.until(driver -> !isOpen("create-dialog"));
        awaitIdle();
    }

    /** Opens the confirmation for the named token and returns the name it asks about. */
    String askToRevoke(String name) {
        awaitIdle();
        row(name).orElseThrow(() -> new AssertionError("no token named " + name))
                .findElement(By.cssSelector("button.revoke")).click();
        wait.until(driver -> isOpen("revoke-dialog"));
        return browser.findElement(By.id("revoke-name")).getText();
    }

    /** Opens the confirmation to rotate the named token and returns the name it asks about. */
    String askToRotate(String name) {
        awaitIdle();
        row(name).orElseThrow(() -> new AssertionError("no token named " + name))
                .findElement(By.cssSelector("button.rotate")).click();
        wait.until(driver -> isOpen("rotate-dialog"));
        return browser.findElement(By.id("rotate-name")).getText();
    }

    void cancelRotate() {
        browser.findElement(By.id("rotate-cancel")).click();
        wait.until(driver -> !isOpen("rotate-dialog"));
    }

    /** Confirms the rotation and returns the new token, shown once as a created one is. */
    String confirmRotate() {
        browser.findElement(By.id("rotate-confirm")).click();
        wait.until(driver -> !isOpen("rotate-dialog"));
        String token = awaitNewToken();
        awaitIdle();
        return token;
    }

    /** The ids of the listed tokens, in the list's order: a rotated token has a new one. */
    List<String> ids() {
        awaitIdle();
        return browser.findElements(By.cssSelector("#token-rows tr")).stream().map(row -> row.getDomAttribute("data-id")).toList();
    }

    void cancelRevoke() {
        browser.findElement(By.id("revoke-cancel")).click();
        wait.until(driver -> !isOpen("revoke-dialog"));
    }

    void confirmRevoke(String name) {
        browser.findElement(By.id("revoke-confirm")).click();
        wait.until(driver -> !isOpen("revoke-dialog") && row(name).isEmpty());
        awaitIdle();
    }

    List<String> names() {
        awaitIdle();
        return browser.findElements(By.cssSelector("#token-rows td.token-name")).stream().map(WebElement::getText).toList();
    }

    /** The text of a token's cell under a column: Name, Scopes, Created, Last used or Expires. */
    String cell(String name, String column) {
        awaitIdle();
        return row(name).orElseThrow(() -> new AssertionError("no token named " + name))
                .findElement(By.cssSelector("td[data-label='" + column + "']")).getText();
    }

    List<WebElement> imagesInTheTable() {
        return browser.findElements(By.cssSelector("#tokens img"));
    }

    String notice() {
        WebElement notice = browser.findElement(By.id("notice"));
        return notice.isDisplayed() ? notice.getText() : "";
    }

    String count() {
        return browser.findElement(By.id("token-count")).getText();
    }

    boolean canCreate() {
        return browser.findElement(By.id("create-button")).isEnabled();
    }

    String pageSource() {
        return browser.getPageSource();
    }

    /** Whether the page is wider than the window, which on a phone means sideways scrolling. */
    boolean overflowsSideways() {
        Object overflow = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth");
        return Boolean.TRUE.equals(overflow);
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the All tokens tab, for administrators ----

    /** Whether the page offers the All tokens tab, as it does to administrators only. */
    boolean showsAllTokensTab() {
        return browser.findElement(By.id("all-tab")).isDisplayed();
    }

    /** Selects the All tokens tab and waits for its first page. */
    void openAllTokens() {
        browser.findElement(By.id("all-tab")).click();
        awaitAllTokens();
    }

    void openOwnTokens() {
        browser.findElement(By.id("own-tab")).click();
        wait.until(driver -> driver.findElement(By.id("own-panel")).isDisplayed());
    }

    /** Types the user into the filter, sets "Unused for 90 days", and presses Filter. */
    void filterBy(String user, boolean unusedFor90Days) {
        WebElement field = browser.findElement(By.id("filter-user"));
        field.clear();
        field.sendKeys(user);
        WebElement unused = browser.findElement(By.id("filter-unused"));
        if (unused.isSelected() != unusedFor90Days) {
            // the label, as a person clicks it; changing the box filters at once
            browser.findElement(By.cssSelector("label[for='filter-unused']")).click();
            awaitAllTokens();
        }
        browser.findElement(By.id("filter-button")).click();
        awaitAllTokens();
    }

    /** The names of the tokens the All tokens tab lists, in its order. */
    List<String> allNames() {
        return browser.findElements(By.cssSelector("#all-rows td.token-name")).stream().map(WebElement::getText).toList();
    }

    /** Whose the listed tokens are, in the list's order. */
    List<String> allUsers() {
        return browser.findElements(By.cssSelector("#all-rows td.token-user")).stream().map(WebElement::getText).toList();
    }

    /** What the tab says when it lists nothing, or empty while it lists tokens. */
    String allEmpty() {
        WebElement empty = browser.findElement(By.id("all-empty"));
        return empty.isDisplayed() ? empty.getText() : "";
    }

    String pageNumber() {
        return browser.findElement(By.id("page-number")).getText();
    }

    boolean canGoToNextPage() {
        return browser.findElement(By.id("next-page")).isEnabled();
    }

    boolean canGoToPreviousPage() {
        return browser.findElement(By.id("previous-page")).isEnabled();
    }

    void nextPage() {
        browser.findElement(By.id("next-page")).click();
        awaitAllTokens();
    }

    void previousPage() {
        browser.findElement(By.id("previous-page")).click();
        awaitAllTokens();
    }

    /** Opens the confirmation to revoke someone's token and returns what it says. */
    String askToRevokeAsAdmin(String name) {
        allRow(name).findElement(By.cssSelector("button.revoke")).click();
        wait.until(driver -> isOpen("admin-revoke-dialog"));
        return browser.findElement(By.cssSelector("#admin-revoke-dialog p")).getText();
    }

    void cancelRevokeAsAdmin() {
        browser.findElement(By.id("admin-revoke-cancel")).click();
        wait.until(driver -> !isOpen("admin-revoke-dialog"));
    }

    void confirmRevokeAsAdmin() {
        browser.findElement(By.id("admin-revoke-confirm")).click();
        wait.until(driver -> !isOpen("admin-revoke-dialog"));
        awaitAllTokens();
    }

    /** The button that revokes every token of the user filtered by, or empty when it is not shown. */
    String revokeAllButton() {
        WebElement button = browser.findElement(By.id("revoke-all-button"));
        return button.isDisplayed() ? button.getText() : "";
    }

    /** Opens the confirmation to revoke all of the filtered user's tokens; returns its title, text and button. */
    String askToRevokeAll() {
        browser.findElement(By.id("revoke-all-button")).click();
        wait.until(driver -> isOpen("revoke-all-dialog"));
        return browser.findElement(By.id("revoke-all-title")).getText() + "\n"
                + browser.findElement(By.id("revoke-all-text")).getText() + "\n"
                + browser.findElement(By.id("revoke-all-confirm")).getText();
    }

    void cancelRevokeAll() {
        browser.findElement(By.id("revoke-all-cancel")).click();
        wait.until(driver -> !isOpen("revoke-all-dialog"));
    }

    void confirmRevokeAll() {
        browser.findElement(By.id("revoke-all-confirm")).click();
        wait.until(driver -> !isOpen("revoke-all-dialog"));
        awaitAllTokens();
    }

    /**
     * What axe-core finds wrong with the page as it is now shown, an open dialog included: one
     * line per rule and element, empty when nothing.
     */
    List<String> accessibilityViolations() {
        Results results = new AxeBuilder().analyze(browser);
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not scan the page: " + results.getErrorMessage());
        }
        return results.getViolations().stream()
                .flatMap(rule -> rule.getNodes().stream().map(node -> rule.getId() + " (" + rule.getHelp() + ") at "
                        + node.getTarget() + ": " + node.getFailureSummary()))
                .toList();
    }

    private WebElement allRow(String name) {
        return browser.findElements(By.cssSelector("#all-rows tr")).stream()
                .filter(row -> row.findElements(By.cssSelector("td.token-name")).stream()
                        .anyMatch(cell -> cell.getText().equals(name)))
                .findFirst().orElseThrow(() -> new AssertionError("All tokens lists no token named " + name));
    }

    /** Waits until the All tokens tab has shown a page (or an error) and is no longer loading one. */
    private void awaitAllTokens() {
        wait.until(driver -> {
            WebElement panel = driver.findElement(By.id("all-panel"));
            return panel.getDomAttribute("aria-busy") == null
                    && (!driver.findElement(By.id("page-number")).getText().isEmpty()
                            || driver.findElement(By.id("all-error")).isDisplayed());
        });
    }

    private Optional<WebElement> row(String name) {
        return browser.findElements(By.cssSelector("#token-rows tr")).stream()
                .filter(row -> row.findElements(By.cssSelector("td.token-name")).stream()
                        .anyMatch(cell -> cell.getText().equals(name)))
                .findFirst();
    }

    private boolean isOpen(String dialog) {
        return "true".equals(browser.findElement(By.id(dialog)).getDomProperty("open"));
    }

    private void awaitList() {
        wait.until(driver -> !driver.findElement(By.id("token-count")).getText().isEmpty()
                || driver.findElement(By.id("notice")).isDisplayed());
        awaitIdle();
    }

    /**
     * Waits until the list is not loading: after a create, rotate or revoke the page reloads it,
     * and rows read during that reload are replaced under the reader (a StaleElementReference).
     */
    private void awaitIdle() {
        wait.until(driver -> driver.findElement(By.id("own-panel")).getDomAttribute("aria-busy") == null);
    }
}
