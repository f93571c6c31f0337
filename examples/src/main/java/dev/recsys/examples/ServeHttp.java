package dev.recsys.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A recommendation service over HTTP on the JDK's built-in server ({@code com.sun.net.httpserver}),
 * serving a model file without ND4J and swapping in a new model when the file changes.
 *
 * <pre>
 * ServeHttp --model FILE [--host 127.0.0.1] [--port 8080] [--threads 4] [--watch SECONDS]
 *
 * GET /recommendations?user=42[&amp;k=10][&amp;time=EPOCH_SECONDS][&amp;exclude=1,2,3]
 *   200 {"user":42,"known":true,"time":1537799250,"recommendations":[{"movieId":318,"title":"…",
 *        "predictedRating":4.52,"retrievalScore":3.1}, …]}          (a "warning" when time is outside training)
 *   400 {"error":"…"}  for a missing or malformed parameter
 * GET /health
 *   200 {"status":"ok","model":"…","candidates":9742,"ranks":true,"loadedAt":"…","swaps":0}
 * </pre>
 *
 * <p><b>Hot swap</b>: with {@code --watch S} (default 2; 0 turns it off) a background thread looks
 * at the model file every S seconds; when its modification time or size changes it loads the new
 * file and replaces the {@link AtomicReference} every request reads, so requests in flight finish
 * on the old model and later ones use the new. A file that fails to load is reported on stderr and
 * the old model keeps serving. Model files are written atomically ({@code SavedModel.save}
 * renames a complete file into place), so the watcher never sees half a file.
 */
public final class ServeHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most recommendations one request may ask for. */
    static final int MAX_K = 1000;
    /** The JDK server's switch for TCP_NODELAY on accepted connections (default off). */
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService watcher;
    private final AtomicReference<Served> current;

    /** The recommender serving now, with where and when it was loaded. */
    private record Served(Recommender recommender, Path file, Instant loadedAt, int swaps, FileTime modified, long size) {}

    private ServeHttp(HttpServer server, ExecutorService workers, ScheduledExecutorService watcher,
            AtomicReference<Served> current) {
        this.server = server;
        this.workers = workers;
        this.watcher = watcher;
        this.current = current;
    }

    /** Starts the server and blocks until the JVM ends. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "host", "port", "threads", "watch"), Set.of());
        Path file = Path.of(args.option("model").orElseThrow(
                () -> new IllegalArgumentException("missing --model FILE (a model saved by QuickStart)"))).toAbsolutePath();
        InetSocketAddress address = new InetSocketAddress(args.option("host").orElse("127.0.0.1"),
                Integer.parseInt(args.option("port").orElse("8080")));
        int threads = Integer.parseInt(args.option("threads").orElse(
                Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors()))));
        double watch = Double.parseDouble(args.option("watch").orElse("2"));
        ServeHttp server = start(file, address, threads, (long) (watch * 1000));
        System.err.println("serving " + file + " on http://" + address.getHostString() + ":" + server.port()
                + "/recommendations?user=42&k=10 (" + threads + " threads"
                + (watch > 0 ? ", reloading when the file changes" : "") + ")");
    }

    /**
     * Loads {@code file} and starts serving it.
     *
     * @param address where to listen; port 0 picks a free one ({@link #port()})
     * @param threads request threads
     * @param watchMillis how often to look for a new model file, 0 for never
     */
    public static ServeHttp start(Path file, InetSocketAddress address, int threads, long watchMillis)
            throws IOException {
        AtomicReference<Served> current = new AtomicReference<>(load(file, 0));
        // The JDK server writes headers and body in two packets; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK (about 40 ms on Linux) on a keep-alive connection.
        // The property is read once, when the server's configuration class loads.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HttpServer server = HttpServer.create(address, 1024);
        ExecutorService workers = Executors.newFixedThreadPool(threads, named("http"));
        server.setExecutor(workers);
        ServeHttp serving = new ServeHttp(server, workers,
                watchMillis > 0 ? Executors.newSingleThreadScheduledExecutor(named("model-watcher")) : null, current);
        server.createContext("/", serving::handle);
        if (serving.watcher != null) {
            serving.watcher.scheduleWithFixedDelay(serving::reloadIfChanged, watchMillis, watchMillis,
                    TimeUnit.MILLISECONDS);
        }
        server.start();
        return serving;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and ends the threads. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private static Served load(Path file, int swaps) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        return new Served(Recommender.load(file), file, Instant.now(), swaps, modified, size);
    }

    /** Loads the file again if it changed since the model serving now was loaded, and swaps it in. */
    private void reloadIfChanged() {
        Served served = current.get();
        try {
            if (Files.getLastModifiedTime(served.file()).equals(served.modified()) && Files.size(served.file()) == served.size()) {
                return;
            }
            Served fresh = load(served.file(), served.swaps() + 1);
            current.set(fresh);
            System.err.println("loaded a new model from " + served.file() + " (swap " + fresh.swaps() + ")");
        } catch (IOException | RuntimeException e) {
            System.err.println("kept the model loaded at " + served.loadedAt() + ": " + e.getMessage());
        }
    }

    /** Routes a request; every answer, errors included, is JSON. */
    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/recommendations") && !path.equals("/health")) {
                send(exchange, 404, error("no such endpoint: " + path + "; try /recommendations or /health"));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("method " + exchange.getRequestMethod() + " not allowed: use GET"));
            } else if (path.equals("/health")) {
                health(exchange);
            } else {
                recommendations(exchange);
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error("internal error: " + e));
        }
    }

    private void recommendations(HttpExchange exchange) throws IOException {
        Served served = current.get();
        Recommender recommender = served.recommender();
        Map<String, String> query;
        int user;
        int k;
        long time;
        int[] excluded;
        try {
            query = parameters(exchange.getRequestURI().getRawQuery());
            user = integer(query, "user", null);
            k = integer(query, "k", 10);
            if (k < 1 || k > MAX_K) {
                throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", found " + k);
            }
            String t = query.get("time");
            time = t == null ? ServeFromDisk.defaultTime(recommender) : parseLong("time", t);
            excluded = ids(query.get("exclude"));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        List<Recommendation> top = recommender.recommend(
                Recommender.Request.builder(user, time).k(k).exclude(excluded).build());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("known", recommender.knowsUser(user));
        body.put("time", time);
        recommender.trainingTimeRange().filter(range -> !range.contains(time)).ifPresent(range -> body.put("warning",
                "time lies outside the training range [" + range.first() + ", " + range.last()
                        + "]: time features extrapolate"));
        List<Map<String, Object>> items = new ArrayList<>(top.size());
        for (Recommendation r : top) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("movieId", r.movieId());
            item.put("title", r.title());
            if (recommender.ranks()) {
                item.put("predictedRating", r.predictedRating());
            }
            item.put("retrievalScore", r.retrievalScore());
            items.add(item);
        }
        body.put("recommendations", items);
        send(exchange, 200, body);
    }

    private void health(HttpExchange exchange) throws IOException {
        Served served = current.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("model", served.file().toString());
        body.put("candidates", served.recommender().candidates().size());
        body.put("ranks", served.recommender().ranks());
        body.put("loadedAt", served.loadedAt().toString());
        body.put("swaps", served.swaps());
        served.recommender().trainingTimeRange().map(Provenance.TimeRange::last)
                .ifPresent(last -> body.put("latestTrainingTime", last));
        send(exchange, 200, body);
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("parameter '" + name + "' given twice");
            }
        }
        return values;
    }

    private static int integer(Map<String, String> query, String name, Integer fallback) {
        String value = query.get(name);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing parameter '" + name + "'");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer, found '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer (epoch seconds), found '"
                    + value + "'");
        }
    }

    private static int[] ids(String list) {
        if (list == null || list.isBlank()) {
            return new int[0];
        }
        String[] parts = list.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter 'exclude' must be comma-separated movie ids, found '"
                        + parts[i] + "'");
            }
        }
        return ids;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, name + "-" + count.incrementAndGet());
    }
}
