package io.scorewatch.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold secrets in the data folder: written whole (a temporary file moved into place),
 * readable and writable by the service's user only (mode 600 where the file system has POSIX
 * permissions).
 */
public final class SecretFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /** The file's text, when it exists. */
    public static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Writes the file whole, owner-only, replacing what it held. */
    public static void write(Path file, String text) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = folder.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            createOwnerOnly(temporary);
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Writes the file, owner-only, unless it exists: answers the text it holds afterwards (the
     * given one, or the one another writer put there first).
     */
    public static String writeIfAbsent(Path file, String text) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            try {
                restrict(temporary);
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                // a hard link never replaces an existing file: the first writer wins
                Files.createLink(file, temporary);
                return text;
            } catch (FileAlreadyExistsException anotherWriterWasFirst) {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (UnsupportedOperationException noHardLinks) {
                return moveUnlessPresent(temporary, file, text);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Where the file system has no hard links: the look for the file and the move of the written
     * one into its place happen under an exclusive lock on a sibling file ({@code <name>.lock}),
     * so the first writer wins here too. The operating system releases the lock when its holder
     * ends, crashed or not; writers in this JVM queue on the class, since one JVM cannot hold two
     * locks on the same file.
     */
    static synchronized String moveUnlessPresent(Path temporary, Path file, String text) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return text;
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (supportsPosix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        restrict(file);
    }

    private static void restrict(Path file) throws IOException {
        if (supportsPosix(file)) {
            // the umask may have taken bits away from the attribute, never added any: set them exactly
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } else {
            var io = file.toFile();
            io.setReadable(false, false);
            io.setWritable(false, false);
            io.setReadable(true, true);
            io.setWritable(true, true);
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
