/**
 * patauth in a Jakarta Servlet container: {@link dev.patauth.servlet.PatAuthListener} builds
 * the webapp's engine from its {@code patauth.*} context-params and publishes it;
 * {@link dev.patauth.servlet.PatAuthFilter} reads {@code Authorization: Bearer pat_…}
 * (RFC 6750), asks {@link dev.patauth.PatAuth#authenticate(String, String)}, and lets the
 * request through as the token's owner or answers the refusal. Built on the engine's public
 * API only.
 */
package dev.patauth.servlet;
