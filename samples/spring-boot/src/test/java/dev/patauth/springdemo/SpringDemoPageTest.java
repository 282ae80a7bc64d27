package dev.patauth.springdemo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Auth Tokens page of the Spring Boot demo in headless Chromium: alice signs in with the
 * app's BASIC login, creates a token in the dialog (through Spring Security's CSRF protection),
 * and a script uses it. The same context as {@link SpringDemoWalkthroughTest}.
 */
@SpringBootTest(classes = SpringDemo.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringDemoPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    private ChromeDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        assertThat(CHROMIUM).as("the page test needs Chromium: apt-get install chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("the page test needs chromedriver: apt-get install chromium-driver").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as the WAR's page test: no network but loopback, a fresh profile
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aliceCreatesATokenInThePageAndAScriptUsesIt() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        browser.get("http://alice:alice-demo@localhost:" + port + "/account/tokens/");
        wait.until(driver -> !driver.findElement(By.id("token-count")).getText().isEmpty());

        browser.findElement(By.id("create-button")).click();
        wait.until(driver -> "true".equals(driver.findElement(By.id("create-dialog")).getDomProperty("open")));
        browser.findElement(By.id("token-name")).sendKeys("laptop");
        browser.findElement(By.id("generate-button")).click();
        WebElement shown = browser.findElement(By.id("new-token"));
        wait.until(driver -> shown.isDisplayed() && !shown.getText().isEmpty());
        String token = shown.getText();
        assertThat(token).matches("pat_[0-9A-Za-z]{46}");

        HttpResponse<String> whoami = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/whoami")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"user\":\"alice\"").contains("\"tokenName\":\"laptop\"");
    }
}
