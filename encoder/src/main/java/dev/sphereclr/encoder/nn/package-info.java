/**
 * The ResNet encoders (CIFAR and ImageNet stems, any width), the same network with its batch norms
 * folded for inference, and the memory layout of the batches it takes. Training builds on them in
 * {@code pretrain}.
 */
package dev.sphereclr.encoder.nn;
