package io.scorewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first writer of a secret file wins where the file system has no hard links
 * ({@link SecretFiles#moveUnlessPresent}): writers in one JVM and in separate processes all
 * answer the text the file holds, and a writer that died holding the lock does not block the
 * others.
 */
class SecretFilesIntegrationTests {

    @TempDir
    Path folder;

    /** Many rounds of writers started together, each round on a file of its own: a race shows in some. */
    @Test
    void writersInOneJvmAllAnswerTheTextOfTheFirst() throws Exception {
        int writers = 16;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 200; round++) {
                Path file = folder.resolve("secret-" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    String text = "secret-" + round + "-" + i;
                    Path temporary = Files.writeString(folder.resolve(text + ".tmp"), text);
                    answers.add(threads.submit(() -> {
                        start.await();
                        return SecretFiles.moveUnlessPresent(temporary, file, text);
                    }));
                }
                start.countDown();
                List<String> texts = new ArrayList<>();
                for (Future<String> answer : answers) {
                    texts.add(answer.get());
                }
                String kept = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(kept).startsWith("secret-" + round + "-");
                assertThat(texts).as("round %d", round).containsOnly(kept);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void writersInSeparateProcessesAllAnswerTheTextOfTheFirst() throws Exception {
        Path file = folder.resolve("secret");
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writers.add(start("write", file.toString(), "secret-" + i));
        }
        List<String> answers = new ArrayList<>();
        for (Process writer : writers) {
            answers.add(firstLine(writer));
            assertThat(writer.waitFor()).isZero();
        }
        assertThat(answers).containsOnly(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void aWriterThatDiedHoldingTheLockDoesNotBlockTheNext() throws Exception {
        Path file = folder.resolve("secret");
        Process holder = start("hold", file.toString());
        assertThat(firstLine(holder)).isEqualTo("locked");
        Path temporary = Files.writeString(folder.resolve("next.tmp"), "next");
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return SecretFiles.moveUnlessPresent(temporary, file, "next");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        holder.destroyForcibly().waitFor();

        assertThat(next.get(60, TimeUnit.SECONDS)).isEqualTo("next");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("next");
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), SecretFileWriterProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process process) throws IOException {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
}
