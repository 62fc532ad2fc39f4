package io.jpmm.cli;

import io.jpmm.ShelfException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jpmm} command line. Errors are one line on standard error and exit code 2 for bad usage,
 * 1 for failures; a stack trace only with {@code --debug} or {@code JPMM_DEBUG} set.
 */
@Command(name = "jpmm", mixinStandardHelpOptions = true, versionProvider = Jpmm.Version.class,
        description = "Keep named n-dimensional arrays on persistent memory or in files, across restarts.",
        footer = {"", "-s, -d and --debug may come before or after the command: jpmm -s lab ls.",
                "Shelves live in the directory from --dir, else $JPMM_PATH, else a DAX mount,",
                "else ~/.local/share/jpmm."})
public final class Jpmm implements Runnable {
    static final int FAILURE = 1;
    static final int USAGE = 2;
    /** The commands, in the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, CreateCommand.class, LsCommand.class,
            InfoCommand.class, ShowCommand.class, EraseCommand.class, RenameCommand.class, CheckCommand.class,
            ImportCommand.class, ExportCommand.class, PushCommand.class, PullCommand.class, PruneCommand.class,
            BackupCommand.class, CompactCommand.class, UpgradeCommand.class, ShellCommand.class, DemoCheckCommand.class);
    /** The options before a command that take the next argument as their value. */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("-s", "--shelf", "-d", "--dir");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ShelfSelection selection;

    /** The shelf a subcommand works on. */
    ShelfSelection.Selected select(CommandLine.Model.CommandSpec command) {
        return selection.select(command.commandLine());
    }

    /** A size option's value, which must be a positive number of MiB: anything else is bad usage. */
    static long positiveSize(CommandLine.Model.CommandSpec command, String option, long megabytes) {
        if (megabytes <= 0 || megabytes > Long.MAX_VALUE >> 20) {
            throw new CommandLine.ParameterException(command.commandLine(), option + " must be a positive number of MiB, not "
                    + megabytes);
        }
        return megabytes;
    }

    /** A shape option's value: dimensions of 0 or more, else bad usage. */
    static io.jpmm.Shape shape(CommandLine.Model.CommandSpec command, long[] dims) {
        try {
            return io.jpmm.Shape.of(dims);
        } catch (IllegalArgumentException invalid) {
            throw new CommandLine.ParameterException(command.commandLine(), "invalid --shape: " + invalid.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns its exit code instead of exiting, for tests and embedding. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        var outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        var errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        CommandLine commandLine = withCommands(new CommandLine(new Jpmm()), args)
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler((problem, args1) -> {
                    var command = problem.getCommandLine();
                    command.getErr().println("jpmm: " + problem.getMessage());
                    command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
                    return USAGE;
                })
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    command.getErr().println("jpmm: " + describe(failure));
                    if (debugRequested(parsed)) {
                        failure.printStackTrace(command.getErr());
                    }
                    return FAILURE;
                });
        int exitCode = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return exitCode;
    }

    /**
     * Adds the command that {@code args} names, or every command if it names none (for the usage and
     * its suggestions). Building the model of all eighteen commands was the largest part of the
     * command line's start, more than the JVM's own; a command's usage and parsing are the same
     * either way.
     */
    static CommandLine withCommands(CommandLine root, String[] args) {
        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> command : COMMANDS) {
            byName.put(command.getAnnotation(Command.class).name(), command);
        }
        for (int i = 0; i < args.length; i++) {
            if (byName.containsKey(args[i])) {
                return root.addSubcommand(byName.get(args[i]));
            }
            if (OPTIONS_WITH_VALUES.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                break;
            }
        }
        COMMANDS.forEach(root::addSubcommand);
        return root;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed, such as 'jpmm demo'");
    }

    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        String environment = System.getenv("JPMM_DEBUG");
        if (environment != null && !environment.isBlank()) {
            return true;
        }
        for (CommandLine.ParseResult result = parsed; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line that says what went wrong, with which file, in words: no Java class names. The OS's
     * reason (permission denied, is a directory, no space left on device) comes from the exception.
     */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
        return switch (cause) {
            case ShelfException shelf -> shelf.getMessage();
            case NoSuchFileException missing -> missing.getFile() + ": no such file or directory";
            case AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case FileAlreadyExistsException exists -> exists.getFile() + ": already exists";
            case NotDirectoryException notDirectory -> notDirectory.getFile() + ": not a directory";
            case DirectoryNotEmptyException notEmpty -> notEmpty.getFile() + ": is a directory that is not empty";
            case FileSystemException other -> other.getFile()
                    + (other.getOtherFile() != null ? " -> " + other.getOtherFile() : "")
                    + ": " + (other.getReason() != null ? other.getReason().toLowerCase(Locale.ROOT) : "failed");
            case IllegalArgumentException clear -> clear.getMessage();
            case IllegalStateException clear -> clear.getMessage();
            case UnsupportedOperationException clear -> clear.getMessage();
            case IOException io -> io.getMessage() != null ? io.getMessage().toLowerCase(Locale.ROOT).startsWith("no space")
                    ? "no space left on the device: " + io.getMessage() : io.getMessage() : "input/output error";
            default -> "unexpected failure: " + cause.getMessage() + " (run with --debug for the stack trace)";
        };
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            var properties = new Properties();
            try (var in = Jpmm.class.getResourceAsStream("/jpmm-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"jpmm " + properties.getProperty("version", "(unknown version)")
                    + " on Java " + Runtime.version()};
        }
    }
}
