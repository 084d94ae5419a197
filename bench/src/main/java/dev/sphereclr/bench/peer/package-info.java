/** Our side against the PyTorch peer: each figure in a fresh process, alternating, over rounds. */
package dev.sphereclr.bench.peer;
