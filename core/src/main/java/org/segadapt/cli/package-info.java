/**
 * The command line: thin picocli commands over {@link org.segadapt.run} and {@link org.segadapt.infer}; {@link org.segadapt.cli.Main} is the entry point.
 */
package org.segadapt.cli;
