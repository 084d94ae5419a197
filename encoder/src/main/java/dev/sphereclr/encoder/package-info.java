/**
 * A frozen SphereCLR encoder for downstream projects: {@link dev.sphereclr.encoder.FrozenEncoder}
 * (images to embeddings), DJL's {@link dev.sphereclr.encoder.EmbeddingTranslator}, and the export
 * folder it loads ({@link dev.sphereclr.encoder.EncoderManifest}, checked by {@link
 * dev.sphereclr.encoder.EncoderFolder}).
 */
package dev.sphereclr.encoder;
