package io.scorewatch.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A writer of a secret file in a JVM of its own, for {@link SecretFilesIntegrationTests}.
 * {@code write <file> <text>}: writes the text unless the file exists, as a file system without
 * hard links has it written ({@link SecretFiles#moveUnlessPresent}), and prints the text the
 * file holds afterwards. {@code hold <file>}: takes the writers' lock, prints {@code locked} and
 * keeps it until the process ends.
 */
final class SecretFileWriterProcess {

    private SecretFileWriterProcess() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // held until the process ends
                }
            }
            return;
        }
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temporary, args[2], StandardCharsets.UTF_8);
        System.out.println(SecretFiles.moveUnlessPresent(temporary, file, args[2]));
        Files.deleteIfExists(temporary);
    }
}
