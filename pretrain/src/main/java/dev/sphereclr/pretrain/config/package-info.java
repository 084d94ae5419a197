/**
 * A run's settings: {@link dev.sphereclr.pretrain.config.PretrainConfig}, the recipes that fill
 * them, their legal ranges and the settings that others leave without effect.
 */
package dev.sphereclr.pretrain.config;
