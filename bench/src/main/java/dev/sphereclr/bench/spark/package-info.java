/** The Spark embedding job measured against a plain JVM ({@code bench-spark}). */
package dev.sphereclr.bench.spark;
