package io.scorewatch.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Programs of the machine that some tests run, such as Debian's prometheus package (promtool, prometheus). */
public final class Executables {

    public static final String PROMETHEUS_PACKAGE = "install Debian's prometheus package "
            + "(apt-get install -y prometheus), as .ci/run does";

    private Executables() {
    }

    /** The program {@code name} from the PATH; fails the test, naming how to install it, when it is missing. */
    public static Path require(String name, String howToInstall) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError(name + " is not on the PATH (" + path + "): " + howToInstall);
    }
}
