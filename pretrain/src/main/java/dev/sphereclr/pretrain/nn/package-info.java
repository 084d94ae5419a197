/**
 * Networks: ResNet encoders (He et al. 2016, arXiv:1512.03385) with CIFAR or ImageNet stems and a
 * width multiplier, projection heads (SimCLR v1/v2), and the encoder-plus-head model that returns
 * the representation h and the projection z.
 */
package dev.sphereclr.pretrain.nn;
