/**
 * The engine's {@link dev.patauth.PatAuth#statistics()} as Micrometer meters:
 * {@link dev.patauth.metrics.PatAuthMetrics}. Micrometer ({@code io.micrometer:micrometer-core})
 * is an optional dependency of patauth: only this package uses it, so an app without it loses
 * nothing but this package. Built on the engine's public API alone.
 */
package dev.patauth.metrics;
