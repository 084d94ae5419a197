/**
 * Embedding a dataset split once with the evaluation transform, and the on-disk cache that lets a
 * second probe skip the work.
 */
package dev.sphereclr.eval.features;
