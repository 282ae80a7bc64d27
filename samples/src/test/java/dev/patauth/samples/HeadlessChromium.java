package dev.patauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver. Both paths are given, so
 * Selenium never looks for (or downloads) a browser or driver of its own. A machine without
 * them fails the test with the command that installs them; it does not skip it.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    static void requireInstalled() {
        assertThat(CHROMIUM).as("the Auth Tokens page test needs Chromium at %s: apt-get install chromium chromium-driver",
                CHROMIUM).isExecutable();
        assertThat(CHROMEDRIVER).as("the Auth Tokens page test needs chromedriver at %s: apt-get install chromium-driver",
                CHROMEDRIVER).isExecutable();
    }

    /** A fresh browser with its own profile, so no login or cache carries over between tests. */
    static ChromeDriver start(Path profile) {
        requireInstalled();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the machine has no network but loopback: nothing in the background should try to reach out
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,800",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
