/** The folders a run owns: one writer at a time (the lock), and writes that survive a crash. */
package dev.sphereclr.runtime.io;
