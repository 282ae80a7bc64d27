package dev.patauth.admin;

import static dev.patauth.admin.Caller.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin servlet owns the keys under {@code patauth.admin.}: the engine and the filter let
 * them through, and the servlet refuses to start on one it does not know, as on a wrong value.
 * (A web.xml that loads it on start-up then stops the deployment; this test app loads it on
 * the first request.)
 */
class AdminSettingsTest {

    @Test
    void itsOwnKeyPassesTheFilterAndTheEngineAndIsRead() throws Exception {
        try (AdminApp app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(),
                Map.of(TokenAdminServlet.ALLOW_CREATE_WITH_TOKEN, "false"))) {
            Caller alice = app.newUser();

            assertThat(alice.get(TOKENS).statusCode()).isEqualTo(200);
        }
    }

    /** To isUserInRole, "**" is anyone signed in: as the administrators' role it would make everyone one. */
    @Test
    void anAdministratorsRoleThatIsNoOneRoleStopsTheServlet() throws Exception {
        for (String role : List.of("**", "*", "admin member")) {
            try (AdminApp app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(),
                    Map.of(TokenAdminServlet.ADMIN_ROLE, role))) {
                HttpResponse<String> answer = app.newUser().get("/tokens/api/admin/tokens");

                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
                assertThat(answer.body()).contains("patauth.admin.role must be the name of one role");
            }
        }
    }

    @Test
    void aMistypedKeyOfItsOwnStopsTheServlet() throws Exception {
        try (AdminApp app = AdminApp.start(AdminApp.Login.BASIC, AdminApp.freshDatabase(),
                Map.of("patauth.admin.allow-create-with-tokens", "true"))) {
            Caller alice = app.newUser();

            HttpResponse<String> answer = alice.get(TOKENS);

            // the servlet's init failed: Jetty answers every request for it with 500 and its reason
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
            assertThat(answer.body()).contains("patauth.admin.allow-create-with-tokens is not a patauth setting");
        }
    }
}
