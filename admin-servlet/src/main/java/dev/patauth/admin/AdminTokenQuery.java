package dev.patauth.admin;

import dev.patauth.Scope;
import dev.patauth.TokenQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query string of {@code GET api/admin/tokens} as a {@link TokenQuery}:
 * {@code user}, {@code unusedForDays}, {@code expiresWithinDays}, {@code scope}, {@code limit}
 * and {@code next}, each at most once; an empty value counts as absent, as a form sends it.
 * Anything else is refused with a sentence that names the parameter, never its value: a
 * mistyped filter must not quietly list every token.
 */
final class AdminTokenQuery {

    /** The most days a filter may say: a hundred years, far from the overflow of an instant. */
    static final int MAX_DAYS = 36_500;
    /** The longest user name, as the engine allows it. */
    static final int MAX_USER_LENGTH = 255;

    private static final String USER = "user";
    private static final String UNUSED_FOR_DAYS = "unusedForDays";
    private static final String EXPIRES_WITHIN_DAYS = "expiresWithinDays";
    private static final String SCOPE = "scope";
    private static final String LIMIT = "limit";
    private static final String NEXT = "next";
    private static final Set<String> PARAMETERS = Set.of(USER, UNUSED_FOR_DAYS, EXPIRES_WITHIN_DAYS, SCOPE, LIMIT, NEXT);

    private AdminTokenQuery() {
    }

    /**
     * The query these parameters ask for.
     *
     * @param parameters the request's parameters, {@link jakarta.servlet.ServletRequest#getParameterMap()}
     * @param declared   the app's scopes, which {@code scope} must name one of
     * @throws ApiError.Refused 400 {@code invalid_request} for an unknown, repeated or malformed
     *         parameter, 400 {@code invalid_scope} for a scope the app does not declare
     */
    static TokenQuery of(Map<String, String[]> parameters, List<Scope> declared) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw invalid("api/admin/tokens takes only the parameters user, unusedForDays, expiresWithinDays,"
                        + " scope, limit and next.");
            }
            if (parameter.getValue().length > 1) {
                throw invalid("Give each parameter of api/admin/tokens at most once.");
            }
        }
        TokenQuery query = TokenQuery.all();
        Optional<String> user = value(parameters, USER);
        if (user.isPresent()) {
            if (user.get().isBlank() || user.get().length() > MAX_USER_LENGTH) {
                throw invalid("user must be a user name of 1 to " + MAX_USER_LENGTH + " characters.");
            }
            query = query.user(user.get());
        }
        Optional<Integer> unusedFor = days(parameters, UNUSED_FOR_DAYS);
        if (unusedFor.isPresent()) {
            query = query.unusedFor(Duration.ofDays(unusedFor.get()));
        }
        Optional<Integer> expiresWithin = days(parameters, EXPIRES_WITHIN_DAYS);
        if (expiresWithin.isPresent()) {
            query = query.expiringWithin(Duration.ofDays(expiresWithin.get()));
        }
        Optional<String> scope = value(parameters, SCOPE);
        if (scope.isPresent()) {
            if (declared.stream().noneMatch(known -> known.name().equals(scope.get()))) {
                throw new ApiError(400, "invalid_scope", declared.isEmpty()
                        ? "This app declares no scopes, so there is no scope to list tokens by."
                        : "scope must be one of the scopes this app declares: "
                                + declared.stream().map(Scope::name).collect(Collectors.joining(", ")) + ".").refused();
            }
            query = query.scope(scope.get());
        }
        Optional<Integer> limit = number(parameters, LIMIT, 1, TokenQuery.MAX_LIMIT,
                "limit must be a whole number from 1 to " + TokenQuery.MAX_LIMIT + ".");
        if (limit.isPresent()) {
            query = query.limit(limit.get());
        }
        Optional<String> next = value(parameters, NEXT);
        if (next.isPresent()) {
            query = query.after(next.get());
        }
        return query;
    }

    /** A parameter's one value, absent when it is missing or empty. */
    private static Optional<String> value(Map<String, String[]> parameters, String name) {
        return Optional.ofNullable(parameters.get(name)).map(values -> values[0]).filter(value -> !value.isEmpty());
    }

    private static Optional<Integer> days(Map<String, String[]> parameters, String name) {
        return number(parameters, name, 0, MAX_DAYS, name + " must be a whole number of days from 0 to " + MAX_DAYS + ".");
    }

    private static Optional<Integer> number(Map<String, String[]> parameters, String name, int min, int max,
            String sentence) {
        Optional<String> text = value(parameters, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int number;
        try {
            number = Integer.parseInt(text.get());
        } catch (NumberFormatException notWhole) {
            throw invalid(sentence);
        }
        if (number < min || number > max) {
            throw invalid(sentence);
        }
        return Optional.of(number);
    }

    private static ApiError.Refused invalid(String sentence) {
        return ApiError.invalidRequest(sentence).refused();
    }
}
