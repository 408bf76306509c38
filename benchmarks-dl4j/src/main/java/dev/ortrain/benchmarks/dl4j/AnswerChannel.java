package dev.ortrain.benchmarks.dl4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The worker's private handle on the protocol stream.
 *
 * <p>At start-up {@link #open()} moves the process's standard output out of everyone else's reach: with libc
 * reachable through JNA it duplicates fd 1 to a private descriptor and points fd 1 at stderr ({@code dup},
 * {@code dup2}), so that even native code that prints to stdout (libnd4j, OpenBLAS) cannot corrupt the protocol;
 * answers are then written to the private descriptor with {@code write(2)}. In every case {@code System.out} is
 * replaced by {@code System.err} for Java code. If libc cannot be reached, answers go to the original
 * {@code System.out} stream, which only protects the protocol against Java-level printing.
 */
abstract class AnswerChannel {

  /** Writes one answer line (without its newline) and flushes it. */
  abstract void writeLine(String line) throws IOException;

  /** How the channel was set up, for the setup details. */
  abstract String describe();

  static AnswerChannel open() {
    PrintStream javaOut = System.out;
    System.out.flush();
    System.setOut(System.err);
    try {
      CLib libc = Native.loadLibrary("c", CLib.class);
      int answerFd = libc.dup(1);
      if (answerFd < 0) {
        throw new IllegalStateException("dup(1) failed");
      }
      if (libc.dup2(2, 1) < 0) {
        throw new IllegalStateException("dup2(2, 1) failed");
      }
      return new FdChannel(libc, answerFd);
    } catch (Throwable t) {
      System.err.println("dl4j worker: could not redirect fd 1 natively (" + t + "); using System.out for answers");
      return new StreamChannel(javaOut);
    }
  }

  /** The few libc calls used; JNA maps library "c" to libc.so.6 on Linux. */
  interface CLib extends Library {
    int dup(int fd);

    int dup2(int oldFd, int newFd);

    NativeLong write(int fd, byte[] buffer, NativeLong count);
  }

  private static final class FdChannel extends AnswerChannel {
    private final CLib libc;
    private final int fd;

    FdChannel(CLib libc, int fd) {
      this.libc = libc;
      this.fd = fd;
    }

    @Override
    void writeLine(String line) throws IOException {
      byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
      int done = 0;
      while (done < bytes.length) {
        byte[] rest = done == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, done, bytes.length);
        long n = libc.write(fd, rest, new NativeLong(rest.length)).longValue();
        if (n < 0) {
          int errno = Native.getLastError();
          if (errno == 4) { // EINTR
            continue;
          }
          throw new IOException("write to answer descriptor failed, errno " + errno);
        }
        done += (int) n;
      }
    }

    @Override
    String describe() {
      return "answers on a dup of fd 1 (fd " + fd + "); fd 1 and System.out point at stderr";
    }
  }

  private static final class StreamChannel extends AnswerChannel {
    private final PrintStream out;

    StreamChannel(PrintStream out) {
      this.out = out;
    }

    @Override
    void writeLine(String line) throws IOException {
      out.print(line);
      out.print('\n');
      out.flush();
      if (out.checkError()) {
        throw new IOException("answer stream failed");
      }
    }

    @Override
    String describe() {
      return "answers on the original System.out; System.out points at stderr (native fd 1 unchanged)";
    }
  }
}
