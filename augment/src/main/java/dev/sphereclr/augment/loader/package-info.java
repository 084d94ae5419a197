/** The prefetching batch loader: worker threads turn dataset images into batches of views. */
package dev.sphereclr.augment.loader;
