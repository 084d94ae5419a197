/**
 * Loading the frozen encoders that pretrain exports, for evaluation and for downstream projects:
 * {@link dev.sphereclr.eval.encoder.FrozenEncoder} directly, or through DJL's {@code Criteria} with
 * {@link dev.sphereclr.eval.encoder.EmbeddingTranslator}.
 */
package dev.sphereclr.eval.encoder;
