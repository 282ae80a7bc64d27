package dev.patauth.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/notes} with {@code {"text":"..."}}: keeps a note (in memory, for the demo's
 * lifetime) and answers 201 with it, its author included. The API call that needs a token with
 * the scope {@code write}: web.xml maps a second patauth filter with
 * {@code patauth.required-scope=write} to this path, so a token without it gets 403
 * {@code insufficient_scope} before this servlet runs. A container login (BASIC) is not limited
 * by scopes.
 */
public class NotesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A note's text, in UTF-16 units; bodies larger than a few of them are refused unread. */
    static final int MAX_TEXT_LENGTH = 1000;
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** The demo keeps the latest notes only, so that a script in a loop cannot fill its memory. */
    private static final int KEPT = 1000;

    private final AtomicLong ids = new AtomicLong();
    private final Deque<Note> notes = new ArrayDeque<>();

    record Note(long id, String author, String text, String createdAt) {
    }

    record Problem(String error, String message) {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String author = request.getRemoteUser();
        if (author == null) {
            // the patauth filters in front (mode required) let no such request through
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String text = text(request);
        if (text == null) {
            write(response, HttpServletResponse.SC_BAD_REQUEST, new Problem("invalid_note",
                    "Send a JSON object with \"text\": 1 to " + MAX_TEXT_LENGTH + " characters."));
            return;
        }
        Note note = new Note(ids.incrementAndGet(), author, text, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        synchronized (notes) {
            notes.addLast(note);
            if (notes.size() > KEPT) {
                notes.removeFirst();
            }
        }
        write(response, HttpServletResponse.SC_CREATED, note);
    }

    /** The body's non-blank {@code text}, at most {@link #MAX_TEXT_LENGTH} long; null for any other body. */
    private static String text(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return null;
        }
        JsonNode text;
        try {
            text = JSON.readTree(body).get("text");
        } catch (JsonProcessingException | RuntimeException notJson) {
            return null;
        }
        if (text == null || !text.isTextual() || text.textValue().isBlank() || text.textValue().length() > MAX_TEXT_LENGTH) {
            return null;
        }
        return text.textValue().strip();
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
