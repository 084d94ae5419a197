/**
 * The training loop: {@link dev.sphereclr.pretrain.train.PretrainRun} over a {@link
 * dev.sphereclr.pretrain.train.TrainingStep}, the parts a run is built from, its budget of steps or
 * time, and the batch-layout probe.
 */
package dev.sphereclr.pretrain.train;
