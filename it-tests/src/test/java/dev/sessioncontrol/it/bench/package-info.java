/**
 * Benchmarks: run with {@code ./mvnw -Pbenchmark verify}, never part of the normal test run. Each prints a
 * table and writes it under {@code it-tests/target/benchmarks/}; the committed figures are in docs/benchmarks.md.
 */
package dev.sessioncontrol.it.bench;
