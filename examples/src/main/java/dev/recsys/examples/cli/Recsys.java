package dev.recsys.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code recsys} command-line tool: {@code java -jar examples/target/recsys.jar COMMAND ...}.
 *
 * <p>Conventions of every command: {@code --help} describes it; the exit code is 0 on success,
 * 2 for a usage error (an unknown option, a missing or bad value) and 1 for a failure (unreadable
 * data, a broken model file); an error is one line on stderr ({@code --verbose} adds the stack
 * trace); results go to stdout, as JSON with {@code --json} where offered; logs and progress go to
 * stderr (INFO by default, {@code --quiet}, {@code --verbose}).
 */
@Command(name = "recsys", mixinStandardHelpOptions = true, version = "recsys 0.1.0",
        description = "Two-stage recommendation for Java: explore data, train, evaluate, recommend, serve.",
        subcommands = {QuickstartCommand.class, ExploreCommand.class, TrainCommand.class, EvaluateCommand.class,
            RecommendCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'recsys COMMAND --help' for the options of a command."})
public final class Recsys implements Runnable {

    /** Exit code of a usage error. */
    static final int USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code of a failure. */
    static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

    @Spec
    CommandSpec spec;

    /** Where {@code serve} reads requests. */
    final InputStream in;

    private Recsys(InputStream in) {
        this.in = in;
    }

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the tool with these streams.
     *
     * @return the exit code: 0, {@link #USAGE} or {@link #FAILURE}
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> argList = Arrays.asList(args);
        configureLogging(argList);
        boolean verbose = argList.contains("-v") || argList.contains("--verbose");
        CommandLine cli = new CommandLine(new Recsys(in));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpWidth(100);   // room for the examples in the help
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        PrintWriter errors = new PrintWriter(err, true, StandardCharsets.UTF_8);
        cli.setErr(errors);
        cli.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            errors.println(name(e.getCommandLine()) + ": " + oneLine(e.getMessage()) + " (see '"
                    + name(e.getCommandLine()) + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof UsageException usage) {
                errors.println(name(commandLine) + ": " + oneLine(usage.getMessage()) + " (see '" + name(commandLine)
                        + " --help')");
                return USAGE;
            }
            errors.println(name(commandLine) + ": error: " + oneLine(describe(e)));
            if (verbose) {
                e.printStackTrace(errors);
            }
            return FAILURE;
        });
        try {
            return cli.execute(args);
        } catch (Error e) {   // picocli hands on errors (a native library that fails to load, out of memory)
            errors.println("recsys: error: " + oneLine(describe(e)));
            if (verbose) {
                e.printStackTrace(errors);
            }
            return FAILURE;
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command: one of quickstart, explore, train,"
                + " evaluate, recommend, serve");
    }

    /** "recsys train" for a subcommand's errors. */
    private static String name(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return cause instanceof java.nio.file.NoSuchFileException ? "no such file: " + message : message;
    }

    /** Line breaks of a message as "; ", so that an error is one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * Sets slf4j-simple's levels from the flags before any logger exists: INFO by default, WARN
     * with --quiet, DEBUG with --verbose (ND4J's start-up chatter stays at WARN, see
     * simplelogger.properties). The trainer's own epoch lines give way to the tool's progress
     * display unless verbose.
     */
    private static void configureLogging(List<String> args) {
        String level = args.contains("-v") || args.contains("--verbose") ? "debug"
                : args.contains("-q") || args.contains("--quiet") ? "warn" : "info";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        if (!level.equals("debug")) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.recsys.models.train.Trainer", "warn");
        }
    }
}
