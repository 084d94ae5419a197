/**
 * The training loop (no EasyTrain: the contrastive loss needs the whole batch), its settings and
 * recipes, the metrics log, checkpoints, resume and the run summary.
 */
package dev.sphereclr.pretrain.train;
