package dev.sphereclr.encoder.nn;

/** The first layers of a ResNet. */
public enum Stem {
    /** 3x3 convolution, stride 1, no max-pool: keeps 32x32 CIFAR images at full resolution. */
    CIFAR,
    /** 7x7 convolution, stride 2, then 3x3 max-pool, stride 2: ImageNet's 224x224 inputs. */
    IMAGENET
}
