/**
 * patauth's engine and its servlet integration: personal access tokens ({@code pat_…}) for
 * Jakarta web applications.
 *
 * <p>The API: {@link dev.patauth.PatAuth} (built with {@link dev.patauth.PatAuth#builder()},
 * thread-safe, one per webapp) creates, lists and revokes tokens and checks a presented one
 * with {@link dev.patauth.PatAuth#authenticate(String, String)}, which answers an
 * {@link dev.patauth.AuthResult}; {@link dev.patauth.TokenPrincipal},
 * {@link dev.patauth.TokenInfo} and {@link dev.patauth.CreatedToken} are what it hands out.
 * The servlet integration: {@link dev.patauth.PatAuthListener} builds the engine from
 * {@code patauth.*} context-params and {@link dev.patauth.PatAuthFilter} authenticates
 * {@code Authorization: Bearer pat_…} requests with it.
 *
 * <p>The request path, in order: {@code BearerCredentials} (the header), {@code TokenFormat}
 * (shape and checksum, no I/O), {@code AddressBudget} (the throttle), {@code TokenHash}
 * (SHA-256), a Caffeine cache, and {@code JdbcTokenStore} on a miss. Everything not named
 * above is package-private and not part of the API.
 */
package dev.patauth;
