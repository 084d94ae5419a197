/**
 * What every SphereCLR process needs before it computes: a fast native allocator for libtorch, the
 * logging levels, and the shared command-line launcher.
 */
package dev.sphereclr.runtime;
