/**
 * Test fixtures shared by the tests of every module and by the benchmarks, published as
 * patauth-filter's test-jar ({@code <type>test-jar</type>}). Public, so that they are used
 * as any other module would use them; nothing here is part of patauth's API.
 */
package dev.patauth.testing;
