/** Command-line entry points of the augment module and the launcher the other modules share. */
package dev.sphereclr.augment.cli;
