/**
 * The budget experiment: a method (SimCLR or MoCo v2) with and without SEC and the random-init
 * floor (and, with a peer script, PyTorch's SimCLR) under one budget of time or steps, with its
 * results table and charts, and its summary over seeds.
 */
package dev.sphereclr.bench.budget;
