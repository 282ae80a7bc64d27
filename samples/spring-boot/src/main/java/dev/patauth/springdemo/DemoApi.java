package dev.patauth.springdemo;

import dev.patauth.PatAuth;
import dev.patauth.Scope;
import dev.patauth.TokenPrincipal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The demo's API, as the web.xml sample's servlets answer it: who am I, and write a note. */
@RestController
class DemoApi {

    private static final List<String> SAMPLE_ROLES = List.of("member", "admin");
    private static final int MAX_TEXT_LENGTH = 1000;
    private static final int KEPT = 1000;

    record WhoAmI(String user, List<String> roles, String tokenName, List<String> scopes) {
    }

    record NewNote(String text) {
    }

    record Note(long id, String author, String text, String createdAt) {
    }

    record Problem(String error, String message) {
    }

    private final PatAuth engine;
    private final AtomicLong ids = new AtomicLong();
    private final Deque<Note> notes = new ArrayDeque<>();

    DemoApi(PatAuth engine) {
        this.engine = engine;
    }

    @GetMapping("/api/whoami")
    WhoAmI whoami(Authentication authentication) {
        List<String> roles = SAMPLE_ROLES.stream().filter(role -> authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + role).equals(authority.getAuthority()))).toList();
        return authentication.getPrincipal() instanceof TokenPrincipal token
                ? new WhoAmI(authentication.getName(), roles, token.tokenName(),
                        engine.scopes().stream().map(Scope::name).filter(token::hasScope).toList())
                : new WhoAmI(authentication.getName(), roles, null, null);
    }

    @PostMapping("/api/notes")
    ResponseEntity<Object> note(Authentication authentication, @RequestBody(required = false) NewNote request) {
        if (request == null || request.text() == null || request.text().isBlank() || request.text().length() > MAX_TEXT_LENGTH) {
            return ResponseEntity.badRequest().body(new Problem("invalid_note",
                    "Send a JSON object with \"text\": 1 to " + MAX_TEXT_LENGTH + " characters."));
        }
        Note note = new Note(ids.incrementAndGet(), authentication.getName(), request.text().strip(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        synchronized (notes) {
            notes.addLast(note);
            if (notes.size() > KEPT) {
                notes.removeFirst();
            }
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(note);
    }
}
