/** Throughput benchmarks of our side: training step, end-to-end loop, augmentation, embedding. */
package dev.sphereclr.pretrain.bench;
