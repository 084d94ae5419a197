/**
 * The wall-clock budget experiment: SimCLR, SimCLR + SEC and the random-init floor (and, with a
 * peer script, PyTorch's SimCLR) under one budget, with its results table and charts.
 */
package dev.sphereclr.bench.budget;
