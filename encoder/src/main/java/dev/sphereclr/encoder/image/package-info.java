/**
 * Image buffers: {@link dev.sphereclr.encoder.image.RgbImage} (decoded uint8 pixels, HWC) and
 * {@link dev.sphereclr.encoder.image.FloatImage} (float planes in [0, 1], CHW), decoding, and the
 * evaluation preprocessing an encoder expects ({@link
 * dev.sphereclr.encoder.image.EvalPreprocessing}).
 */
package dev.sphereclr.encoder.image;
