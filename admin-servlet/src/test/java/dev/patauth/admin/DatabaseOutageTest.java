package dev.patauth.admin;

import static dev.patauth.admin.ApiAssertions.assertRefused;
import static dev.patauth.admin.Caller.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** When the token database is down the API says so with a 503 and a sentence, never a stack trace. */
class DatabaseOutageTest {

    @Test
    void unreachableDatabaseIsServiceUnavailable() throws Exception {
        Server database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/mem:outage;DB_CLOSE_DELAY=-1";
        try (AdminApp app = AdminApp.start(AdminApp.Login.BASIC, url, Map.of())) {
            Caller alice = app.newUser();
            JsonNode token = alice.createToken("before the outage");

            database.stop();

            // the pool gives up on a connection after a few seconds; ask all three at once
            CompletableFuture<HttpResponse<String>> list = CompletableFuture.supplyAsync(() -> alice.get(TOKENS));
            CompletableFuture<HttpResponse<String>> create =
                    CompletableFuture.supplyAsync(() -> alice.post(TOKENS, "{\"name\":\"during the outage\"}"));
            CompletableFuture<HttpResponse<String>> revoke =
                    CompletableFuture.supplyAsync(() -> alice.delete(TOKENS + "/" + token.get("id").asText()));
            for (CompletableFuture<HttpResponse<String>> answer : List.of(list, create, revoke)) {
                HttpResponse<String> response = answer.get();
                String message = assertRefused(response, 503, "unavailable");
                assertThat(message).contains("cannot be reached", "Try again");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(response.body()).doesNotContain("Exception", "SQL", "at dev.patauth");
            }
        } finally {
            database.stop();
        }
    }
}
