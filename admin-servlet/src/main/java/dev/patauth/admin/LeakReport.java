package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST api/revoke-leaked}: {@code {"tokens":["pat_…", …]}}, at most 100. */
record LeakReport(List<String> tokens) {

    static final int MAX_TOKENS = 100;

    static LeakReport of(JsonNode body) {
        JsonNode tokens = body.get("tokens");
        if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
            throw ApiError.UNEXPECTED_LEAK_REPORT.refused();
        }
        if (tokens.size() > MAX_TOKENS) {
            throw ApiError.TOO_MANY_LEAKED.refused();
        }
        List<String> texts = new ArrayList<>(tokens.size());
        for (JsonNode token : tokens) {
            if (!token.isTextual()) {
                throw ApiError.UNEXPECTED_LEAK_REPORT.refused();
            }
            texts.add(token.textValue());
        }
        return new LeakReport(List.copyOf(texts));
    }
}
