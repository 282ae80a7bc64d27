package dev.patauth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patauth.CreatedToken;
import dev.patauth.InvalidExpiryException;
import dev.patauth.InvalidScopeException;
import dev.patauth.InvalidTokenNameException;
import dev.patauth.PatAuth;
import dev.patauth.PatAuthStoreException;
import dev.patauth.PatAuthUnavailableException;
import dev.patauth.ThrottledException;
import dev.patauth.TokenId;
import dev.patauth.TokenLimitReachedException;
import dev.patauth.TokenPage;
import dev.patauth.TokenPrincipal;
import dev.patauth.TokenQuery;
import dev.patauth.servlet.PatAuthListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where people manage their own personal access tokens: the Auth Tokens page and the JSON API
 * behind it, for the signed-in user ({@link HttpServletRequest#getRemoteUser()}). Map it under
 * a path of its own, protected by the app's login, for example {@code /account/tokens/*}:
 *
 * <pre>
 * GET    /                 the Auth Tokens page (its CSS and script under /assets/)
 * GET    /api/tokens       {"limit":10,
 *                           "scopes":[{"name","description"}],"defaultScopes":["read"],
 *                           "expiry":{"defaultDays":30,"maxDays":365,"required":false},
 *                           "tokens":[{"id","name","scopes","createdAt","lastUsedAt","lastUsedAddress","lastUsedAgent","expiresAt"}]}
 * POST   /api/tokens       {"name":"CI pipeline","scopes":["read"],"expiresInDays":30}
 *                          -> 201 {"id","name","token","scopes","createdAt","expiresAt"}, the token shown this once
 * DELETE /api/tokens/{id}  204, or 404 when it is not one of the caller's active tokens
 * POST   /api/tokens/{id}/rotate  201 as the create: a new token with the same name, scopes and lifetime;
 *                          the old one is revoked (or kept for patauth.rotation.grace); 404 as the delete
 * POST   /api/tokens/current/rotate  201 as above, for the access token that authenticates the request
 * POST   /api/revoke-leaked {"tokens":["pat_…"]} -> 202, no login: revokes any real token found in public
 *
 * for administrators only (see below); every other caller gets 403 forbidden on every api/admin/ path:
 * GET    /api/admin/tokens?user=&amp;unusedForDays=&amp;expiresWithinDays=&amp;scope=&amp;limit=&amp;next=
 *                          {"tokens":[{"id","user","name","scopes","createdAt","lastUsedAt","lastUsedAddress","expiresAt"}],
 *                           "next":"…" or null}: every user's active tokens, a page at a time
 * DELETE /api/admin/tokens/{id}  204, or 404 when no active token has this id
 * POST   /api/admin/users/{user}/revoke-all  200 {"revoked":3}: every active token of the user, at once
 * </pre>
 *
 * <p>In a create, {@code scopes} left out means the app's default scopes ({@code patauth.scopes.default});
 * otherwise it is a non-empty list of declared scopes, or 400 {@code invalid_scope}.
 * {@code expiresInDays} left out means the app's default expiry ({@code patauth.expiry.default}),
 * {@code null} no expiry, and otherwise whole days from 1 to {@code patauth.expiry.max}; anything
 * else, or no expiry where {@code patauth.expiry.required} is true, is 400 {@code invalid_expiry}.
 * A listed token's {@code lastUsedAddress} and {@code lastUsedAgent} are {@code null} until it is
 * used; the list's {@code scopes}, {@code defaultScopes} and {@code expiry} (in whole days,
 * {@code defaultDays} {@code null} for no expiry) are what a page offers for a new token.
 *
 * <p>{@code api/tokens/current/rotate} lets a job rotate the token it runs with, so the request
 * must reach this servlet authenticated by that token. A container checks its security
 * constraints before any filter runs, so an app whose login guards this servlet's path must
 * both map {@link dev.patauth.servlet.PatAuthFilter} on that exact path and leave that path out of
 * its login constraint, as for {@code api/revoke-leaked}; for {@code /account/tokens/*}:
 *
 * <pre>{@code
 * <filter-mapping>
 *   <filter-name>patauth</filter-name>
 *   <url-pattern>/account/tokens/api/tokens/current/rotate</url-pattern>
 * </filter-mapping>
 * <security-constraint>  <!-- an exact pattern wins over /account/tokens/*; no auth-constraint: no login -->
 *   <web-resource-collection>
 *     <web-resource-name>Token self-rotation</web-resource-name>
 *     <url-pattern>/account/tokens/api/tokens/current/rotate</url-pattern>
 *   </web-resource-collection>
 * </security-constraint>
 * }</pre>
 *
 * <p>A request there without an access token gets 401 (from the filter in mode {@code required},
 * or from here when nobody is signed in), or 400 {@code invalid_request} when the container still
 * knows a signed-in user: {@code current} is only ever the token that authenticates the request.
 *
 * <p>It uses the webapp's one engine, published by {@link dev.patauth.servlet.PatAuthListener}, so a
 * revoke here empties the cache that {@link dev.patauth.servlet.PatAuthFilter} reads.
 *
 * <p>A request that changes tokens and was authenticated by the container (a session or BASIC)
 * must carry {@code X-Requested-With}, which another site's page cannot send without the app's
 * consent; the page sends it. A request authenticated by an access token may list and revoke
 * its owner's tokens and rotate itself, but not create more or rotate another, unless the
 * servlet init-param or context-param {@value #ALLOW_CREATE_WITH_TOKEN} is {@code true}: a leaked
 * token must not mint new ones.
 *
 * <p><b>Administrators</b> are the signed-in users in the role that the servlet init-param or
 * context-param {@value #ADMIN_ROLE} names ({@link HttpServletRequest#isUserInRole}); without
 * it nobody is, and {@code GET api/tokens} says {@code "admin":false}. Only a container login
 * counts: a request authenticated by an access token gets 403 on {@code api/admin/}, even an
 * administrator's, so a leaked token cannot revoke everyone's. A change there needs
 * {@code X-Requested-With} as any other. {@code api/admin/tokens} lists the tokens that expire
 * soonest first with {@code expiresWithinDays}, else those unused longest with
 * {@code unusedForDays}, else the newest first; {@code limit} is 1 to 100 (50 when left out),
 * and {@code next} is the previous page's cursor, good only with the same filters. A
 * parameter it does not know, a repeated one, a number that is not a whole one in range, or a
 * cursor it did not hand out is 400 {@code invalid_request}; a scope the app does not declare
 * is 400 {@code invalid_scope}. No answer holds a token or a hash.
 *
 * <p>{@code api/revoke-leaked} needs no login (leave it out of the app's security constraint):
 * whoever finds a token in a public place can kill it. It answers 202 whatever tokens it is
 * sent, before any of them is checked, so it tells nobody which were real; an address that has
 * reported {@code patauth.throttle.leaked-per-minute} tokens this minute gets 429 for more. Its
 * body is read with Servlet async I/O, so declare the servlet, and every filter mapped in
 * front of it, with {@code <async-supported>true</async-supported>}; without that it falls
 * back to blocking reads and logs a warning once.
 */
public final class TokenAdminServlet extends HttpServlet {

    /** Whether a request authenticated by an access token may create tokens; {@code false} unless set. */
    public static final String ALLOW_CREATE_WITH_TOKEN = "patauth.admin.allow-create-with-token";
    /** The role whose members administer every user's tokens; nobody does while it is not set. */
    public static final String ADMIN_ROLE = "patauth.admin.role";
    /** The keys this servlet reads; every key under {@link #KEY_PREFIX} must be one of them. */
    private static final Set<String> KEYS = Set.of(ALLOW_CREATE_WITH_TOKEN, ADMIN_ROLE);
    private static final String KEY_PREFIX = "patauth.admin.";

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(TokenAdminServlet.class);

    private static final String API_TOKENS = "/api/tokens";
    private static final String API_TOKEN_PREFIX = API_TOKENS + "/";
    private static final String ROTATE_SUFFIX = "/rotate";
    /** In place of an id: the token that authenticates the request. */
    private static final String CURRENT = "current";
    private static final String API_REVOKE_LEAKED = "/api/revoke-leaked";
    private static final String API_ADMIN = "/api/admin";
    private static final String API_ADMIN_TOKENS = API_ADMIN + "/tokens";
    private static final String API_ADMIN_TOKEN_PREFIX = API_ADMIN_TOKENS + "/";
    private static final String API_ADMIN_USER_PREFIX = API_ADMIN + "/users/";
    private static final String REVOKE_ALL_SUFFIX = "/revoke-all";
    /** Refused bodies up to this size are read to their end, so that the client reads the refusal. */
    private static final long DRAIN_LIMIT = 1024 * 1024;
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(JsonBody.DEADLINE_SECONDS);

    private transient PatAuth engine;
    private transient PageResources page;
    /** {@value #ALLOW_CREATE_WITH_TOKEN}, read in {@link #init(ServletConfig)}. */
    private boolean allowCreateWithToken;
    /** {@value #ADMIN_ROLE}, read in {@link #init(ServletConfig)}; empty: nobody administers. */
    private transient Optional<String> adminRole;
    /** Whether the log has said once that leak reports are read with blocking reads. */
    private final AtomicBoolean warnedBlockingRead = new AtomicBoolean();

    /** The servlet of web.xml, configured in {@link #init(ServletConfig)}; throws nothing. */
    public TokenAdminServlet() {
    }

    /**
     * Finds the webapp's engine and reads the servlet's setting. The container reports what
     * this throws as the servlet's failure to start.
     *
     * @throws ServletException naming the key, when an init-param or context-param under
     *         {@code patauth.admin.} is not {@value #ALLOW_CREATE_WITH_TOKEN} or
     *         {@value #ADMIN_ROLE}, the first is neither {@code true} nor {@code false}, or the
     *         second is not one role name
     * @throws IllegalStateException when the webapp has no engine (see
     *         {@link PatAuthListener#engine}), or the jar lacks the page's resources
     * @throws java.io.UncheckedIOException when the page's resources cannot be read from the jar
     */
    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        engine = PatAuthListener.engine(config.getServletContext());
        page = PageResources.load();
        allowCreateWithToken = allowCreateWithToken(config);
        adminRole = adminRole(config);
    }

    /**
     * Serves the page and answers the API as the class comment lists. Every refusal, and every
     * exception of patauth's (503 with {@code Retry-After} for an outage, 429 for too many leak
     * reports, 500 otherwise), is answered as JSON ({@code {"error","message"}}); none leaves
     * this method.
     *
     * @throws IOException when the answer cannot be written
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // the page links its assets relatively, so it must be addressed with the trailing slash
            response.sendRedirect(request.getRequestURI() + "/");
        } else if (path.equals("/api") || path.startsWith("/api/")) {
            api(path, request, response);
        } else if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            page.serve(path, request.getMethod().equals("GET"), response);
        } else {
            PageResources.setSecurityHeaders(response);
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }

    private void api(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(path, request, response, () -> route(path, request, response));
    }

    private void route(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (path.equals(API_REVOKE_LEAKED)) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(response, "POST");
            }
            revokeLeaked(request, response);
            return;
        }
        String user = request.getRemoteUser();
        if (user == null) {
            throw ApiError.UNAUTHENTICATED.refused();
        }
        if (path.equals(API_ADMIN) || path.startsWith(API_ADMIN + "/")) {
            requireAdmin(request);
            administer(path, method, user, request, response);
        } else if (path.equals(API_TOKENS)) {
            switch (method) {
                case "GET" -> list(user, request, response);
                case "POST" -> create(user, request, response);
                default -> throw methodNotAllowed(response, "GET, POST");
            }
        } else if (path.startsWith(API_TOKEN_PREFIX) && path.indexOf('/', API_TOKEN_PREFIX.length()) < 0) {
            if (!method.equals("DELETE")) {
                throw methodNotAllowed(response, "DELETE");
            }
            revoke(user, path.substring(API_TOKEN_PREFIX.length()), request, response);
        } else if (path.startsWith(API_TOKEN_PREFIX) && path.endsWith(ROTATE_SUFFIX)
                && path.indexOf('/', API_TOKEN_PREFIX.length()) == path.length() - ROTATE_SUFFIX.length()) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(response, "POST");
            }
            rotate(user, path.substring(API_TOKEN_PREFIX.length(), path.length() - ROTATE_SUFFIX.length()), request,
                    response);
        } else {
            throw ApiError.NO_SUCH_RESOURCE.refused();
        }
    }

    /** {@code api/admin/}, for a caller {@link #requireAdmin} has let in. */
    private void administer(String path, String method, String admin, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (path.equals(API_ADMIN_TOKENS)) {
            if (!method.equals("GET")) {
                throw methodNotAllowed(response, "GET");
            }
            listAll(request, response);
        } else if (path.startsWith(API_ADMIN_TOKEN_PREFIX) && path.indexOf('/', API_ADMIN_TOKEN_PREFIX.length()) < 0) {
            if (!method.equals("DELETE")) {
                throw methodNotAllowed(response, "DELETE");
            }
            revokeAny(path.substring(API_ADMIN_TOKEN_PREFIX.length()), admin, request, response);
        } else if (path.startsWith(API_ADMIN_USER_PREFIX) && path.endsWith(REVOKE_ALL_SUFFIX)
                && path.indexOf('/', API_ADMIN_USER_PREFIX.length()) == path.length() - REVOKE_ALL_SUFFIX.length()) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(response, "POST");
            }
            // the container has decoded the path: %20 is a space here (an encoded / it refuses before this)
            revokeAll(path.substring(API_ADMIN_USER_PREFIX.length(), path.length() - REVOKE_ALL_SUFFIX.length()), admin,
                    request, response);
        } else {
            throw ApiError.NO_SUCH_ADMIN_RESOURCE.refused();
        }
    }

    /**
     * Lets through only a signed-in administrator. Every other caller gets the same 403 on every
     * {@code api/admin/} path, whatever it asks for, so it learns nothing about what is there.
     */
    private void requireAdmin(HttpServletRequest request) {
        if (adminRole.isEmpty()) {
            throw ApiError.ADMIN_OFF.refused();
        }
        if (isTokenAuthenticated(request)) {
            throw ApiError.ADMIN_WITH_TOKEN.refused();
        }
        if (!request.isUserInRole(adminRole.get())) {
            throw ApiError.NOT_ADMIN.refused();
        }
    }

    /** Whether this request may use {@code api/admin/}: what {@link #requireAdmin} lets through. */
    private boolean isAdmin(HttpServletRequest request) {
        return adminRole.isPresent() && !isTokenAuthenticated(request) && request.isUserInRole(adminRole.get());
    }

    /** Runs a handler and turns what it throws into the API's answer. */
    private void answer(String path, HttpServletRequest request, HttpServletResponse response, Handler handler)
            throws IOException {
        try {
            handler.run();
        } catch (ApiError.Refused refused) {
            refuse(path, request, response, refused.error());
        } catch (InvalidTokenNameException e) {
            refuse(path, request, response, ApiError.invalidName(e.getMessage()));
        } catch (InvalidScopeException e) {
            refuse(path, request, response, ApiError.invalidScope(e.getMessage()));
        } catch (InvalidExpiryException e) {
            refuse(path, request, response, ApiError.invalidExpiry(e.getMessage()));
        } catch (TokenLimitReachedException e) {
            refuse(path, request, response, ApiError.limitReached(e.getMessage()));
        } catch (ThrottledException e) {
            refuse(path, request, response, ApiError.THROTTLED.retryAfter(e.retryAfter()));
        } catch (PatAuthUnavailableException e) {
            log.warn("patauth admin answered 503 to {} {}: {}", request.getMethod(), path, e.getMessage());
            refuse(path, request, response, ApiError.UNAVAILABLE.retryAfter(e.retryAfter()));
        } catch (PatAuthStoreException e) {
            // the database refused the statement (data, constraint or schema): a retry would meet the same
            // error, so this is no 503; the message names the token id and the user, never a token
            log.error("patauth admin answered 500 to {} {}: {}", request.getMethod(), path, e.getMessage(), e);
            refuse(path, request, response, ApiError.INTERNAL);
        } catch (RuntimeException e) {
            // the container's error page could show the stack trace; the client gets a sentence, the log the rest
            log.error("patauth admin failed on {} {}", request.getMethod(), path, e);
            refuse(path, request, response, ApiError.INTERNAL);
        }
    }

    /**
     * Answers with the error after reading what is left of a small body: a container that
     * finds a body unread closes the connection once the answer is sent, and a client that
     * already reused it for its next request sees that request fail. The leak endpoint, open to
     * anyone, never waits for a body that way: it says {@code Connection: close} instead.
     */
    private static void refuse(String path, HttpServletRequest request, HttpServletResponse response, ApiError error)
            throws IOException {
        if (path.equals(API_REVOKE_LEAKED)) {
            if (!bodyIsRead(request)) {
                response.setHeader("Connection", "close");
            }
        } else if (!drainedUpTo(request, DRAIN_LIMIT)) {
            response.setHeader("Connection", "close");
        }
        send(response, error);
    }

    /**
     * Reads and drops what is left of a refused body, up to {@code limit} bytes, so that the
     * client gets to read the refusal: a container closes a connection that still has unread
     * bytes, and the client, still sending them, may see the connection reset instead of the
     * answer (this was a 413 lost to 1 request in about 15). A longer body is not read.
     *
     * @return whether the whole body is read
     */
    private static boolean drainedUpTo(HttpServletRequest request, long limit) {
        if (request.getContentLengthLong() > limit) {
            return false;
        }
        try {
            InputStream body = request.getInputStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                read += n;
                if (read > limit) {
                    return false;
                }
            }
            return true;
        } catch (IOException | IllegalStateException unreadable) {
            // nothing to drain, or the client went away: the answer is still worth sending
            return false;
        }
    }

    private static boolean bodyIsRead(HttpServletRequest request) {
        try {
            return request.getContentLengthLong() == 0 || request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException unreadable) {
            return false;
        }
    }

    private void list(String user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, HttpServletResponse.SC_OK, TokenJson.TokenList.of(engine, engine.list(user), isAdmin(request)));
    }

    private void listAll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TokenQuery query = AdminTokenQuery.of(request.getParameterMap(), engine.scopes());
        TokenPage page;
        try {
            page = engine.listTokens(query);
        } catch (IllegalArgumentException notOurCursor) {
            // the parameters are checked already, so only the cursor is left: the engine's sentence says so
            throw ApiError.invalidRequest(notOurCursor.getMessage()).refused();
        }
        write(response, HttpServletResponse.SC_OK, TokenJson.AdminTokenList.of(page, engine.scopes()));
    }

    /** Revokes any user's token; the engine's event names the administrator. */
    private void revokeAny(String id, String admin, HttpServletRequest request, HttpServletResponse response) {
        requireRequestedWith(request);
        Optional<TokenId> tokenId = TokenId.parse(id);
        if (tokenId.isEmpty() || engine.revokeAsAdmin(tokenId.get(), admin).isEmpty()) {
            throw ApiError.ADMIN_TOKEN_NOT_FOUND.refused();
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Offboarding, a lost laptop: every active token of the user, in one transaction. */
    private void revokeAll(String user, String admin, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        requireRequestedWith(request);
        if (user.isBlank() || user.length() > AdminTokenQuery.MAX_USER_LENGTH) {
            throw ApiError.INVALID_USER.refused();
        }
        write(response, HttpServletResponse.SC_OK, new TokenJson.RevokedAll(engine.revokeAll(user, admin)));
    }

    private void create(String user, HttpServletRequest request, HttpServletResponse response) throws IOException {
        requireRequestedWith(request);
        if (isTokenAuthenticated(request) && !allowCreateWithToken) {
            throw ApiError.CREATE_WITH_TOKEN.refused();
        }
        NewTokenRequest body = NewTokenRequest.of(JsonBody.read(request), engine.expiryPolicy());
        CreatedToken created = engine.create(user, body.toNewToken());
        write(response, HttpServletResponse.SC_CREATED, TokenJson.NewToken.of(created, engine.scopes()));
    }

    /**
     * Replaces a token with a new one, shown this once. {@code current} names the token that
     * authenticates the request, so a CI job can rotate its own. A request authenticated by a
     * token may rotate only that token (unless it may create tokens): rotating another one would
     * let a leaked token trade itself for fresh copies of its owner's other tokens.
     */
    private void rotate(String user, String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        requireRequestedWith(request);
        Optional<TokenPrincipal> principal = request.getUserPrincipal() instanceof TokenPrincipal token
                ? Optional.of(token) : Optional.empty();
        Optional<TokenId> tokenId;
        if (id.equals(CURRENT)) {
            tokenId = Optional.of(principal.orElseThrow(ApiError.CURRENT_WITHOUT_TOKEN::refused).tokenId());
        } else {
            tokenId = TokenId.parse(id);
            boolean itself = principal.isPresent() && tokenId.equals(Optional.of(principal.get().tokenId()));
            if (principal.isPresent() && !itself && !allowCreateWithToken) {
                throw ApiError.ROTATE_WITH_TOKEN.refused();
            }
        }
        CreatedToken created = tokenId.flatMap(token -> engine.rotate(user, token))
                .orElseThrow(ApiError.TOKEN_NOT_FOUND::refused);
        write(response, HttpServletResponse.SC_CREATED, TokenJson.NewToken.of(created, engine.scopes()));
    }

    /**
     * Anyone may call this, so a slow client must not hold a request thread: the body is read
     * with Servlet async I/O, within {@value JsonBody#DEADLINE_SECONDS} seconds. Where the
     * servlet or a filter in front of it lacks async support, it falls back to a blocking read
     * that gives up after the same deadline (or the container's idle timeout, for a client that
     * sends nothing), and says so once in the log.
     */
    private void revokeLeaked(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonBody.requireJson(request);
        if (request.isAsyncSupported()) {
            AsyncBody.read(request, BODY_DEADLINE, new AsyncBody.Outcome() {
                @Override
                public void received(byte[] body) throws IOException {
                    answer(API_REVOKE_LEAKED, request, response, () -> acceptLeakReport(JsonBody.parse(body), request, response));
                }

                @Override
                public void refused(ApiError error) throws IOException {
                    refuse(API_REVOKE_LEAKED, request, response, error);
                }
            });
        } else {
            if (warnedBlockingRead.compareAndSet(false, true)) {
                log.warn("patauth admin reads leak reports with blocking reads, because async is not supported on the"
                        + " servlet {} or a filter in front of it: each slow client holds a request thread for up to {} s,"
                        + " or until the container's idle timeout if it sends nothing. Set"
                        + " <async-supported>true</async-supported> on the servlet and on every filter mapped to it.",
                        getServletName(), JsonBody.DEADLINE_SECONDS);
            }
            acceptLeakReport(JsonBody.readWithin(request, BODY_DEADLINE), request, response);
        }
    }

    /** 202 whatever the tokens are: the engine checks them after this answer. */
    private void acceptLeakReport(JsonNode body, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        LeakReport report = LeakReport.of(body);
        engine.revokeLeaked(report.tokens(), request.getRemoteAddr());
        write(response, HttpServletResponse.SC_ACCEPTED, TokenJson.LeakAccepted.INSTANCE);
    }

    private void revoke(String user, String id, HttpServletRequest request, HttpServletResponse response) {
        requireRequestedWith(request);
        Optional<TokenId> tokenId = TokenId.parse(id);
        if (tokenId.isEmpty() || !engine.revoke(user, tokenId.get())) {
            throw ApiError.TOKEN_NOT_FOUND.refused();
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * Browsers attach session cookies and BASIC credentials to requests that other sites' pages
     * trigger, but cannot add this header to them without a CORS preflight the app never grants.
     * A bearer token is never attached by a browser, so token requests need no such proof.
     */
    private static void requireRequestedWith(HttpServletRequest request) {
        String requestedWith = request.getHeader("X-Requested-With");
        if (!isTokenAuthenticated(request) && (requestedWith == null || requestedWith.isBlank())) {
            throw ApiError.MISSING_REQUESTED_WITH.refused();
        }
    }

    private static boolean isTokenAuthenticated(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof TokenPrincipal;
    }

    private static ApiError.Refused methodNotAllowed(HttpServletResponse response, String allowed) {
        response.setHeader("Allow", allowed);
        return ApiError.METHOD_NOT_ALLOWED.refused();
    }

    /** Every refusal of the API is written here. */
    private static void send(HttpServletResponse response, ApiError error) throws IOException {
        error.retryAfterHeader().ifPresent(seconds -> response.setHeader("Retry-After", seconds));
        write(response, error.status(), TokenJson.ErrorBody.of(error));
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] json = TokenJson.MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /**
     * The servlet's one setting, from its init-param or else the context-param. The servlet
     * owns the keys under {@code patauth.admin.}: one it does not know stops the deployment,
     * as any unknown {@code patauth.*} key does.
     */
    private static boolean allowCreateWithToken(ServletConfig config) throws ServletException {
        List<String> names = new ArrayList<>(Collections.list(config.getInitParameterNames()));
        names.addAll(Collections.list(config.getServletContext().getInitParameterNames()));
        for (String name : names) {
            if (name.startsWith(KEY_PREFIX) && !KEYS.contains(name)) {
                throw new ServletException(name + " is not a patauth setting; see the configuration table in the README");
            }
        }
        String value = Optional.ofNullable(config.getInitParameter(ALLOW_CREATE_WITH_TOKEN))
                .orElseGet(() -> config.getServletContext().getInitParameter(ALLOW_CREATE_WITH_TOKEN));
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ServletException(ALLOW_CREATE_WITH_TOKEN + " must be true or false, got '" + value + "'");
        };
    }

    /**
     * {@value #ADMIN_ROLE}, from the init-param or else the context-param: empty when it is not
     * set or blank. {@code *} and {@code **} are refused: to {@code isUserInRole} the latter means
     * anyone signed in.
     */
    private static Optional<String> adminRole(ServletConfig config) throws ServletException {
        String value = Optional.ofNullable(config.getInitParameter(ADMIN_ROLE))
                .orElseGet(() -> config.getServletContext().getInitParameter(ADMIN_ROLE));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String role = value.trim();
        if (role.equals("*") || role.equals("**") || role.codePoints().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw new ServletException(ADMIN_ROLE + " must be the name of one role, such as admin, got '" + value + "'");
        }
        return Optional.of(role);
    }

    /** A piece of the API that answers or throws. */
    @FunctionalInterface
    private interface Handler {
        void run() throws IOException;
    }
}
