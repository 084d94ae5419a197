/** The evaluation command line: {@code mvn -pl linear-eval -am compile exec:java@linear-eval}. */
package dev.sphereclr.eval.cli;
