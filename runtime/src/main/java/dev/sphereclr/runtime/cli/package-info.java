/**
 * The one command line: the launcher every program starts through, the options every command
 * shares, and the hook by which a module adds its subcommands.
 */
package dev.sphereclr.runtime.cli;
