/**
 * Benchmarks: JMH classes for the hot paths (run from {@code recsys-bench/target/benchmarks.jar})
 * and plain programs for one-off scale checks.
 */
package dev.recsys.bench;
