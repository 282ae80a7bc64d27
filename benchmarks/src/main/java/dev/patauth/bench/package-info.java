/**
 * Every benchmark that {@code benchmarks/run.sh} runs (JMH, HTTP and database load, revocation
 * propagation) and the code that writes {@code benchmarks/RESULTS.md}: patauth against its
 * baselines, side by side in one run. Like any app, they use only patauth's public API.
 */
package dev.patauth.bench;
