package dev.patauth.springcsrf;

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
import static org.springframework.security.config.Customizer.withDefaults;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Auth Tokens page in an app that serves it without {@code PatAuthConfigurer}, so that
 * Spring Security's CSRF protection applies to it whole ({@code csrf.spa()}: the token in the
 * {@code XSRF-TOKEN} cookie, expected back as {@code X-XSRF-TOKEN}): the page sends it, and a
 * token is created; a script that does not is refused.
 */
@SpringBootTest(classes = CsrfPageTest.CookieCsrfApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:csrf-page;DB_CLOSE_DELAY=-1")
class CsrfPageTest {

    @SpringBootApplication
    static class CookieCsrfApp {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
                    .httpBasic(withDefaults())
                    .csrf(csrf -> csrf.spa());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-demo").roles("member").build());
        }
    }

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
    void thePageSendsSpringsCsrfTokenAndAScriptWithoutItIsRefused() throws Exception {
        HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/account/tokens/api/tokens"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes()))
                .header("X-Requested-With", "curl").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"script\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).as("Spring's CSRF protection, whole in this app").isEqualTo(403);

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

        assertThat(token).as("the page's POST passed Spring's CSRF check").isNotBlank();
    }
}
