package dev.folioscope;

import dev.folioscope.cli.Cli;
import dev.folioscope.web.WebApplication;
import org.springframework.boot.SpringApplication;

/**
 * The one entry point of the jar: a known subcommand as the first argument runs headless
 * (no Spring context is created); anything else, including Spring options such as
 * {@code --server.port=N}, starts the web debugger.
 */
public final class Folioscope {
    private Folioscope() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && Cli.isSubcommand(args[0])) {
            System.exit(Cli.run(args));
        }
        SpringApplication.run(WebApplication.class, args);
    }
}
