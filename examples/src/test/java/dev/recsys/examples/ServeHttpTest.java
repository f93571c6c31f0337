package dev.recsys.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.models.serve.Recommender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServeHttp on 127.0.0.1: answers, JSON errors, health, and a model swapped under concurrent clients. */
class ServeHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void recommendationsHealthAndJsonErrors(@TempDir Path dir) throws Exception {
        Path file = TinyModel.save(dir.resolve("tiny.zip"), 1);
        Recommender reference = Recommender.load(file);
        try (ServeHttp server = ServeHttp.start(file, new InetSocketAddress("127.0.0.1", 0), 2, 0)) {
            HttpResponse<String> ok = get(server, "/recommendations?user=2&k=3&time=1550000000&exclude=10,20");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            JsonNode body = JSON.readTree(ok.body());
            assertThat(body.path("user").asInt()).isEqualTo(2);
            assertThat(body.path("known").asBoolean()).isTrue();
            assertThat(body.has("warning")).isFalse();
            JsonNode items = body.path("recommendations");
            var expected = reference.recommend(Recommender.Request.builder(2, 1_550_000_000L).k(3).exclude(10, 20).build());
            assertThat(items).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(items.get(i).path("movieId").asInt()).isEqualTo(expected.get(i).movieId());
                assertThat(items.get(i).path("title").asText()).isEqualTo(expected.get(i).title());
                assertThat(items.get(i).path("predictedRating").asDouble()).isEqualTo(expected.get(i).predictedRating());
            }
            JsonNode outside = JSON.readTree(get(server, "/recommendations?user=999&time=0").body());
            assertThat(outside.path("known").asBoolean()).isFalse();
            assertThat(outside.path("warning").asText()).startsWith("time lies outside the training range");
            assertThat(outside.path("recommendations")).hasSize(5);

            assertError(get(server, "/recommendations"), 400, "missing parameter 'user'");
            assertError(get(server, "/recommendations?user=abc"), 400, "parameter 'user' must be an integer, found 'abc'");
            assertError(get(server, "/recommendations?user=1&k=0"), 400, "k must be between 1 and 1000, found 0");
            assertError(get(server, "/recommendations?user=1&time=soon"), 400,
                    "parameter 'time' must be an integer (epoch seconds), found 'soon'");
            assertError(get(server, "/recommendations?user=1&exclude=1,x"), 400,
                    "parameter 'exclude' must be comma-separated movie ids, found 'x'");
            assertError(get(server, "/recommendations?user=1&user=2"), 400, "parameter 'user' given twice");
            assertError(get(server, "/nothing"), 404, "no such endpoint: /nothing; try /recommendations or /health");
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(server, "/health"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertError(post, 405, "method POST not allowed: use GET");

            JsonNode health = JSON.readTree(get(server, "/health").body());
            assertThat(health.path("status").asText()).isEqualTo("ok");
            assertThat(health.path("candidates").asInt()).isEqualTo(5);
            assertThat(health.path("swaps").asInt()).isZero();
            assertThat(health.path("latestTrainingTime").asLong()).isEqualTo(TinyModel.LAST);
        }
    }

    @Test
    void aNewModelFileIsSwappedInWhileClientsRequest(@TempDir Path dir) throws Exception {
        Path file = TinyModel.save(dir.resolve("model.zip"), 1);
        Path next = TinyModel.save(dir.resolve("next.zip"), 2);
        String before = items(Recommender.load(file));
        String after = items(Recommender.load(next));
        assertThat(after).isNotEqualTo(before);
        try (ServeHttp server = ServeHttp.start(file, new InetSocketAddress("127.0.0.1", 0), 3, 20)) {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(3);
            try {
                List<Future<int[]>> results = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    results.add(clients.submit(() -> {
                        int[] seen = new int[2];
                        while (running.get()) {
                            HttpResponse<String> response = get(server, "/recommendations?user=1&k=5&time=1550000000");
                            assertThat(response.statusCode()).isEqualTo(200);
                            String answer = JSON.readTree(response.body()).path("recommendations").toString();
                            if (answer.equals(before)) {
                                seen[0]++;
                            } else {
                                assertThat(answer).isEqualTo(after);
                                seen[1]++;
                            }
                        }
                        return seen;
                    }));
                }
                Thread.sleep(300);
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (JSON.readTree(get(server, "/health").body()).path("swaps").asInt() == 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(300);
                running.set(false);
                int old = 0;
                int fresh = 0;
                for (Future<int[]> result : results) {
                    int[] seen = result.get();
                    old += seen[0];
                    fresh += seen[1];
                }
                assertThat(old).isPositive();
                assertThat(fresh).isPositive();
                assertThat(get(server, "/recommendations?user=1&k=5&time=1550000000").body()).contains(after);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    /** The JSON the server gives for the recommendations of user 1, k 5, at 1550000000. */
    private static String items(Recommender recommender) throws IOException {
        List<Object> list = new ArrayList<>();
        for (var r : recommender.recommend(1, 1_550_000_000L, 5)) {
            var item = new java.util.LinkedHashMap<String, Object>();
            item.put("movieId", r.movieId());
            item.put("title", r.title());
            item.put("predictedRating", r.predictedRating());
            item.put("retrievalScore", r.retrievalScore());
            list.add(item);
        }
        return JSON.readTree(JSON.writeValueAsString(list)).toString();
    }

    private HttpResponse<String> get(ServeHttp server, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(server, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ServeHttp server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(message);
    }
}
