/**
 * Optimizers written for contrastive pretraining (LARS as SimCLR defines it, SGD with momentum,
 * AdamW), the warm-up + cosine schedule and the batch-size scaling of the learning rate.
 */
package dev.sphereclr.pretrain.optim;
