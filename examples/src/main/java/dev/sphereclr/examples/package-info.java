/** The README's code, compiled and run by the build: how a downstream project embeds images. */
package dev.sphereclr.examples;
