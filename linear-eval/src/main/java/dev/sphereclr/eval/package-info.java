/**
 * Evaluation of frozen encoders: {@link dev.sphereclr.eval.LinearEvaluation} ties the encoder, the
 * cached features, kNN, the linear probe and the reports together.
 */
package dev.sphereclr.eval;
