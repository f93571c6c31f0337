package dev.recsys.examples.cli;

import picocli.CommandLine.Option;

/**
 * How much every command logs on stderr: INFO by default, warnings and errors only (and no
 * progress) with {@code --quiet}, everything with {@code --verbose}. {@link Recsys} reads these flags before any
 * logger exists (slf4j-simple fixes levels when it starts); here they are declared for the parser
 * and the help.
 */
final class LogOptions {

    @Option(names = {"-q", "--quiet"}, description = "Log warnings and errors only, no progress.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Log everything (DEBUG), and print stack traces of errors.")
    boolean verbose;
}
