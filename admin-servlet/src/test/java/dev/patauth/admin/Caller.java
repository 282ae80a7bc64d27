package dev.patauth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Someone calling the test app over HTTP: a signed-in member, a holder of an access token, or
 * nobody. Each call sends the caller's headers; {@link #withoutRequestedWith()} drops the one
 * the page always sends.
 */
final class Caller {

    static final String TOKENS = "/tokens/api/tokens";
    static final ObjectMapper JSON = new ObjectMapper();


    private final AdminApp app;
    private final HttpClient http;
    private final String user;
    private final Map<String, String> headers;

    private Caller(AdminApp app, HttpClient http, String user, Map<String, String> headers) {
        this.app = app;
        this.http = http;
        this.user = user;
        this.headers = Map.copyOf(headers);
    }

    static Caller anonymous(AdminApp app) {
        return new Caller(app, app.http(), null, Map.of("X-Requested-With", "test"));
    }

    static Caller basic(AdminApp app, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Caller(app, app.http(), user, Map.of("Authorization", "Basic " + credentials, "X-Requested-With", "test"));
    }

    /** Signs in through the login form the way a browser does, keeping the session cookie. */
    static Caller session(AdminApp app, String user, String password) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Caller caller = new Caller(app, browser, user, Map.of("X-Requested-With", "test"));
        // the first request is sent to the login form and starts the session
        caller.get(TOKENS);
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> login = caller.send(HttpRequest.newBuilder(app.uri("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)));
        assertThat(login.statusCode()).as("login form answer").isIn(302, 303);
        assertThat(caller.get(TOKENS).statusCode()).as("signed in with a session").isEqualTo(200);
        return caller;
    }

    /** The same person's access token, sent as a bearer token, without the page's header. */
    Caller bearer(String token) {
        return new Caller(app, app.http(), user, Map.of("Authorization", "Bearer " + token));
    }

    Caller withoutRequestedWith() {
        Map<String, String> without = new LinkedHashMap<>(headers);
        without.remove("X-Requested-With");
        return new Caller(app, http, user, without);
    }

    String user() {
        return user;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(app.uri(path)).GET());
    }

    HttpResponse<String> post(String path, String json) {
        return post(path, json, "application/json");
    }

    HttpResponse<String> post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(app.uri(path)).header("Content-Type", contentType)
                .POST(BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(app.uri(path)).DELETE());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a token that does not expire and returns the 201 body, the only one that holds the token. */
    JsonNode createToken(String name) {
        HttpResponse<String> response = post(TOKENS, "{\"name\":" + JSON.valueToTree(name) + "}");
        assertThat(response.statusCode()).as("create %s: %s", name, response.body()).isEqualTo(201);
        return json(response);
    }

    /** The caller's listed tokens, newest first. */
    List<JsonNode> tokens() {
        HttpResponse<String> response = get(TOKENS);
        assertThat(response.statusCode()).as("list: %s", response.body()).isEqualTo(200);
        List<JsonNode> tokens = new ArrayList<>();
        json(response).get("tokens").forEach(tokens::add);
        return tokens;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
