/**
 * patauth's engine: personal access tokens ({@code pat_…}) for Java web applications, with no
 * dependency on a web framework.
 *
 * <p>{@link dev.patauth.PatAuth} (built with {@link dev.patauth.PatAuth#builder()}, or from
 * {@code patauth.*} settings with {@link dev.patauth.PatAuth#builder(java.util.function.Function)};
 * thread-safe, one per application) creates, lists and revokes tokens and checks a presented
 * one with {@link dev.patauth.PatAuth#authenticate(String, String)}, which answers an
 * {@link dev.patauth.AuthResult}; {@link dev.patauth.TokenPrincipal},
 * {@link dev.patauth.TokenInfo} and {@link dev.patauth.CreatedToken} are what it hands out.
 * Integrations build on this API alone: {@code dev.patauth.servlet} (the filter and listener
 * of web.xml) and the admin servlet.
 *
 * <p>A check, in order: the throttle ({@code AddressBudget}), {@code TokenFormat} (shape and
 * checksum, no I/O), {@code TokenHash} (SHA-256), a Caffeine cache, and the JDBC store on a
 * miss. Everything not named as API above is package-private here, or public in
 * {@code dev.patauth.store}, which is internal: the JDBC store, its dialects and the revocation
 * buses.
 */
package dev.patauth;
