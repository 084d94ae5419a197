/**
 * Datasets: CIFAR-10/100 in their official binary format with a verified downloader, image folders
 * (ImageNet / Imagenette layout) with optional class lists, and the compact in-memory cache of
 * small images.
 */
package dev.sphereclr.augment.data;
