/**
 * The SimCLR / MoCo augmentations, one operation per class, with torchvision's semantics; the
 * one-view pipeline ({@link dev.sphereclr.augment.transform.ViewTransform}), the multi-view wrapper
 * ({@link dev.sphereclr.augment.transform.MultiViewTransform}) and the paper presets ({@link
 * dev.sphereclr.augment.transform.Presets}).
 *
 * <p>No operation draws from a global random generator: every view gets a {@link
 * java.util.SplittableRandom} derived from (seed, epoch, sample index, view index) by {@link
 * dev.sphereclr.augment.transform.ViewSeeds}, so the views do not depend on thread count.
 */
package dev.sphereclr.augment.transform;
