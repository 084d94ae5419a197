/** Throughput of the data side: augmentation with decoding on one thread, and the loader. */
package dev.sphereclr.augment.bench;
