package dev.patauth.admin;

import static dev.patauth.testing.HttpAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Auth Tokens page and its assets come from the jar with headers that keep other code off them. */
class PageTest {

    private static AdminApp app;

    @BeforeAll
    static void start() {
        app = AdminApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void pageIsServedWithAStrictContentSecurityPolicy() {
        HttpResponse<String> page = app.newUser().get("/tokens/");

        assertStatus(page, 200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertSecurityHeaders(page);
        assertThat(page.body()).contains("<h1>Auth Tokens</h1>", "Create Token", "assets/app.css", "assets/app.js");
    }

    @Test
    void pageHasNoInlineScriptStyleOrHandlers() {
        String html = app.newUser().get("/tokens/").body();

        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline <script>").isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("on* handler attribute").isFalse();
        assertThat(Pattern.compile("\\sstyle\\s*=|<style", Pattern.CASE_INSENSITIVE).matcher(html).find())
                .as("inline style").isFalse();
        assertThat(html).doesNotContain("javascript:");
    }

    @Test
    void scriptInsertsNamesAsTextOnly() {
        String script = app.anonymous().get("/tokens/assets/app.js").body();

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        assertThat(script).contains("'X-Requested-With': 'fetch'");
    }

    @Test
    void assetsAreServedWithTheirTypesAndTheSameHeaders() {
        HttpResponse<String> css = app.anonymous().get("/tokens/assets/app.css");
        HttpResponse<String> js = app.anonymous().get("/tokens/assets/app.js");

        assertStatus(css, 200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
        assertSecurityHeaders(css);
        assertStatus(js, 200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=utf-8");
        assertSecurityHeaders(js);
    }

    @Test
    void pathWithoutTrailingSlashRedirectsToThePage() {
        HttpResponse<String> response = app.newUser().get("/tokens");

        assertStatus(response, 302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/app/tokens/"));
    }

    @Test
    void unknownAssetIsNotFoundAndPageIsReadOnly() {
        assertStatus(app.anonymous().get("/tokens/assets/other.js"), 404);
        assertStatus(app.anonymous().get("/tokens/index.html"), 404);
        HttpResponse<String> post = app.newUser().send(HttpRequest.newBuilder(app.uri("/tokens/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertStatus(post, 405);
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}
