/**
 * Benchmarks of speed, memory and correctness under stress ({@code segadapt bench}); never run in unit tests.
 */
package org.segadapt.bench;
