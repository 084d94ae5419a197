/**
 * A run's folder and state: checkpoints (with checksums), the state a restart needs, the encoder
 * export with its provenance, and the summary of the whole run.
 */
package dev.sphereclr.pretrain.run;
