/**
 * Image buffers: {@link dev.sphereclr.augment.image.RgbImage} (decoded uint8 pixels, HWC) and
 * {@link dev.sphereclr.augment.image.FloatImage} (float planes in [0, 1], CHW), and decoding.
 */
package dev.sphereclr.augment.image;
