/**
 * Embeddings of many images on Apache Spark: {@link dev.sphereclr.spark.EmbedJob} (binaryFile in,
 * Parquet out, the encoder loaded once per executor), started by {@link
 * dev.sphereclr.spark.EmbedCommand} from spark-submit or SphereCLR's command line.
 */
package dev.sphereclr.spark;
