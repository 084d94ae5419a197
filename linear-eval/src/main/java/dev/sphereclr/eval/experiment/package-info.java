/**
 * Experiments that chain pretraining and evaluation: the wall-clock budget experiment (SimCLR,
 * SimCLR + SEC and the random-init floor under one budget) and its results table and charts.
 */
package dev.sphereclr.eval.experiment;
