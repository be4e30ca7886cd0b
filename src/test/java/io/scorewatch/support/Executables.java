package io.scorewatch.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Programs of the machine that some tests run, found on the PATH: Debian's prometheus package (promtool,
 * prometheus), chromium and chromedriver, python3.
 */
public final class Executables {

    public static final String PROMETHEUS_PACKAGE = "install Debian's prometheus package "
            + "(apt-get install -y prometheus), as .ci/run does";
    public static final String PYTHON_PACKAGE = "install Debian's python3 package "
            + "(apt-get install -y python3), as .ci/run does";
    public static final String PYTHON_SCIPY_PACKAGES = "install Debian's python3, python3-numpy, python3-pandas and "
            + "python3-scipy packages (apt-get install -y python3 python3-numpy python3-pandas python3-scipy)";

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
