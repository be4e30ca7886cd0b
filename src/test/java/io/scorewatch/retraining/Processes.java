package io.scorewatch.retraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs. */
final class Processes {

    private Processes() {
    }

    /**
     * True while the process runs. A killed process whose parent is gone stays in the process
     * table until its new parent reaps it (a zombie, state Z): it no longer runs, though
     * {@link ProcessHandle#isAlive()} still says alive, so Linux's /proc is read where there is one.
     */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String line = Files.readString(stat);
                char state = line.charAt(line.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException gone) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
