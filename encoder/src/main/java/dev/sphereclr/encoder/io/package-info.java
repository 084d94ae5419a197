/**
 * Files every module reads and writes the same way: JSON, checksummed folders, atomic replacement,
 * and the error that names a bad setting or file.
 */
package dev.sphereclr.encoder.io;
