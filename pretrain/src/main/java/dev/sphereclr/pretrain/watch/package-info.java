/**
 * What watches a run step by step: the listeners (metrics.csv, the progress bar, the kNN monitor,
 * the divergence check) and the process's statistics.
 */
package dev.sphereclr.pretrain.watch;
