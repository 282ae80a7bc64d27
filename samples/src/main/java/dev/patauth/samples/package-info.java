/**
 * The sample webapp (built as {@code patauth-sample.war}) and the one-command demo that runs
 * it on embedded Jetty ({@link dev.patauth.samples.Demo}, {@code patauth-demo.jar}): an app
 * with BASIC logins whose API at {@code /api/*} takes personal access tokens.
 */
package dev.patauth.samples;
