/** SphereCLR's files: JSON in one spelling, and writes that never leave half a file behind. */
package dev.sphereclr.augment.io;
