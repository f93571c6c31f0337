package dev.recsys.bench;

import dev.recsys.examples.ServeHttp;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Load test of the {@code ServeHttp} example on loopback (target: p99 at most 5 ms at 1,000
 * requests/s). Starts the server on 127.0.0.1 in this JVM, then several client threads, each with
 * one keep-alive connection, send {@code GET /recommendations?user=U&k=10} on a fixed schedule
 * (open loop: request i of the run is due at {@code i / rate} seconds, whatever happened before)
 * for a bounded number of requests. A request's latency runs from its due time to the last byte
 * of its answer, so a stalled server is charged for every request that waited behind it
 * (no coordinated omission). Not a JMH benchmark: the quantity is a latency distribution under a
 * given offered load, not a throughput maximum.
 *
 * <pre>
 * java -cp recsys-bench/target/benchmarks.jar dev.recsys.bench.HttpLoadBenchmark --model target/recsys-model.zip \\
 *     [--rate 1000] [--seconds 20] [--warmup 5] [--clients 4] [--server-threads 2]
 * </pre>
 *
 * Prints the offered and achieved rates, errors, and p50, p90, p99, p99.9 and max latency in ms,
 * warm-up excluded, as text and as one JSON line.
 */
public final class HttpLoadBenchmark {

    private HttpLoadBenchmark() {
    }

    /** Runs the load test. */
    public static void main(String[] argv) throws Exception {
        Path model = null;
        double rate = 1000;
        double seconds = 20;
        double warmup = 5;
        int clients = 4;
        int serverThreads = 2;
        for (int i = 0; i + 1 < argv.length; i += 2) {
            switch (argv[i]) {
                case "--model" -> model = Path.of(argv[i + 1]);
                case "--rate" -> rate = Double.parseDouble(argv[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(argv[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(argv[i + 1]);
                case "--clients" -> clients = Integer.parseInt(argv[i + 1]);
                case "--server-threads" -> serverThreads = Integer.parseInt(argv[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument '" + argv[i] + "'");
            }
        }
        if (model == null || argv.length % 2 != 0) {
            throw new IllegalArgumentException("usage: HttpLoadBenchmark --model FILE [--rate R] [--seconds S] "
                    + "[--warmup S] [--clients C] [--server-threads T]");
        }
        try (ServeHttp server = ServeHttp.start(model, new InetSocketAddress("127.0.0.1", 0), serverThreads, 0)) {
            Result result = run(server.port(), rate, seconds, warmup, clients);
            System.out.println(result.text(rate, clients, serverThreads));
            System.out.println(result.json(rate, clients, serverThreads));
        }
    }

    /** Latencies of the measured requests (ns), errors, and how long the measured part took. */
    record Result(long[] latencies, long errors, double measuredSeconds) {

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        String text(double rate, int clients, int serverThreads) {
            return String.format(Locale.ROOT, "offered %.0f req/s from %d clients, %d server threads: %d requests "
                    + "measured, %d errors, achieved %.0f req/s%nlatency ms: p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, "
                    + "max %.3f", rate, clients, serverThreads, latencies.length, errors,
                    latencies.length / measuredSeconds, percentile(50), percentile(90), percentile(99), percentile(99.9),
                    percentile(100));
        }

        String json(double rate, int clients, int serverThreads) {
            return String.format(Locale.ROOT, "{\"offeredPerSecond\":%.0f,\"clients\":%d,\"serverThreads\":%d,"
                    + "\"requests\":%d,\"errors\":%d,\"achievedPerSecond\":%.1f,\"p50ms\":%.3f,\"p90ms\":%.3f,"
                    + "\"p99ms\":%.3f,\"p999ms\":%.3f,\"maxms\":%.3f}", rate, clients, serverThreads, latencies.length,
                    errors, latencies.length / measuredSeconds, percentile(50), percentile(90), percentile(99),
                    percentile(99.9), percentile(100));
        }
    }

    /**
     * Offers {@code rate} requests per second for {@code warmup + seconds} seconds from
     * {@code clients} connections and keeps the latencies of the last {@code seconds}.
     */
    static Result run(int port, double rate, double seconds, double warmup, int clients) throws Exception {
        long total = (long) (rate * (warmup + seconds));
        long firstMeasured = (long) (rate * warmup);
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> client(port, client, clients, total, firstMeasured, start, interval)));
            }
            long[] all = new long[0];
            long errors = 0;
            long measuredFrom = start + (long) (firstMeasured * interval);
            for (Future<long[]> future : futures) {
                long[] outcome = future.get();
                errors += outcome[0];
                int at = all.length;
                all = Arrays.copyOf(all, at + outcome.length - 1);
                System.arraycopy(outcome, 1, all, at, outcome.length - 1);
            }
            Arrays.sort(all);
            // achieved rate: the measured answers over the time from the first measured request's due
            // time to the last answer (longer than planned when the server falls behind)
            return new Result(all, errors, (System.nanoTime() - measuredFrom) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One connection sending requests {@code client, client + clients, ...}; returns {errors, latencies...}. */
    private static long[] client(int port, int client, int clients, long total, long firstMeasured, long start,
            double interval) throws IOException {
        long[] latencies = new long[(int) ((total - firstMeasured) / clients + 2)];
        int measured = 0;
        long errors = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            for (long i = client; i < total; i += clients) {
                long due = start + (long) (i * interval);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int user = 1 + (int) (i % 610);
                out.write(("GET /recommendations?user=" + user + "&k=10 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int status = readResponse(in);
                long latency = System.nanoTime() - due;
                if (status != 200) {
                    errors++;
                }
                if (i >= firstMeasured && measured < latencies.length) {
                    latencies[measured++] = latency;
                }
            }
        }
        long[] outcome = new long[measured + 1];
        outcome[0] = errors;
        System.arraycopy(latencies, 0, outcome, 1, measured);
        return outcome;
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            }
        }
        for (long skipped = 0; skipped < length;) {
            long n = in.skip(length - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed mid-body");
                }
                n = 1;
            }
            skipped += n;
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
