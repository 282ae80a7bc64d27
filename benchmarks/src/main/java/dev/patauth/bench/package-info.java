/**
 * The HTTP and database benchmarks run by {@code benchmarks/run.sh}, which writes
 * {@code benchmarks/RESULTS.md}: patauth against its baselines, side by side in one run.
 */
package dev.patauth.bench;
