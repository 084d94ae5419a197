/**
 * Throughput benchmarks of our side (training step, end-to-end loop, embedding, augmentation with
 * decoding, the loader) and the {@code bench} subcommand. Nothing in the product depends on this
 * module.
 */
package dev.sphereclr.bench;
