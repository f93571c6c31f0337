package dev.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code recsys} tool's conventions (help, exit codes, one-line errors, JSON on stdout) and a
 * string-id dataset going through train, evaluate, recommend and serve, on tiny synthetic files
 * and one epoch.
 */
class RecsysTest {

    @TempDir
    static Path dir;

    /** A synthetic shop: interactions.csv (user,item,time; ids u-N and sku-N, implicit) and items.csv. */
    static Path shop;

    @BeforeAll
    static void writeShop() throws IOException {
        shop = dir.resolve("shop");
        SyntheticMovieLens.builder(3).users(40).movies(60).ratings(1500).build().writeImplicitCsv(shop);
    }

    /** Exit code, stdout and stderr of one run. */
    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    static Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Recsys.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(String... args) {
        return runWithInput("", args);
    }

    /** {@code command} on the shop's interactions (its files and columns), then {@code more}. */
    static String[] onShop(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--interactions",
                shop.resolve("interactions.csv").toString(), "--user-col", "user", "--item-col", "item", "--time-col",
                "time"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "explore", "train", "evaluate", "recommend", "serve"})
    void everyCommandDescribesItselfWithHelp(String command) {
        Result r = run(command, "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: recsys " + command).contains("--help");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "explore", "train", "evaluate", "recommend", "serve"})
    void anUnknownOptionIsAUsageErrorOnOneLine(String command) {
        Result r = run(command, "--no-such-option");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        // picocli names the first problem: the unknown option, or a required option missing before it
        assertThat(r.err().lines()).singleElement().asString()
                .matches("recsys " + command + ": (Unknown option: '--no-such-option'|Missing required option.*)"
                        + " \\(see 'recsys " + command + " --help'\\)");
    }

    @Test
    void noCommandAndAMissingRequiredOptionAreUsageErrors() {
        Result none = run();
        Result noModel = run("recommend", "--user", "u-1");

        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().lines()).singleElement().asString().startsWith("recsys: missing a command");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err().lines()).singleElement().asString().startsWith("recsys recommend: Missing required");
    }

    @Test
    void optionsTheCommandRejectsWhileRunningAreUsageErrors() {
        Result both = run("explore", "--data", dir.toString(), "--interactions", "x.csv");
        Result badTime = run("serve", "--model", "m.zip", "--time", "yesterday");

        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().lines()).singleElement().asString().contains("--data and --interactions exclude each"
                + " other");
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err().lines()).singleElement().asString().contains("bad time 'yesterday'");
    }

    @Test
    void aFailureExitsWithOneAndOneLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "user,item\nu-1,sku-1\nu-2\n");

        Result noModel = run("recommend", "--model", dir.resolve("missing.zip").toString(), "--user", "1");
        Result malformed = run("explore", "--interactions", bad.toString());

        assertThat(noModel.code()).isEqualTo(1);
        assertThat(noModel.err().lines()).singleElement().asString().startsWith("recsys recommend: error: no such file");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err().lines()).singleElement().asString()
                .startsWith("recsys explore: error: " + bad + ":3:");
    }

    @Test
    void exploreJsonParsesAndCountsTheShop() throws IOException {
        Result r = run(onShop("explore", "--json"));

        assertThat(r.code()).isZero();
        JsonNode json = r.json();
        long rows = Files.lines(shop.resolve("interactions.csv")).count() - 1;   // minus the header
        assertThat(json.get("ratings").asLong()).isEqualTo(rows);
        assertThat(json.get("users").asInt()).isPositive().isLessThanOrEqualTo(40);
        assertThat(json.at("/ratingDistribution/1.0").asLong()).isEqualTo(rows);   // implicit: every row is 1
    }

    @Test
    void aStringIdDatasetTrainsSavesLoadsAndAnswersWithTheOriginalIds() throws IOException {
        Path out = dir.resolve("run");
        Result trained = run(onShop("train", "--items", shop.resolve("items.csv").toString(),
                "--item-text-col", "title", "--item-categories-col", "categories", "--item-features",
                "id,text,categories", "--epochs", "1", "--dim", "8", "--batch", "128", "--out", out.toString(),
                "--json", "--quiet"));

        assertThat(trained.code()).as(trained.err()).isZero();
        JsonNode result = trained.json();
        assertThat(result.at("/retrieval/epochs").asInt()).isEqualTo(1);
        assertThat(result.at("/retrieval/test/factorizedTop@100").asDouble()).isBetween(0.0, 1.0);
        assertThat(result.has("ranking")).as("implicit feedback trains no ranking model").isFalse();
        assertThat(out.resolve("retrieval-curve.svg")).exists();
        assertThat(new ObjectMapper().readTree(out.resolve("metrics.json").toFile())).isEqualTo(result);
        String model = out.resolve("model.zip").toString();

        Result recommended = run(onShop("recommend", "--model", model, "--user", "u-1", "--user", "someone-new",
                "-k", "3", "--json"));

        assertThat(recommended.code()).as(recommended.err()).isZero();
        JsonNode users = recommended.json().get("users");
        assertThat(users.get(0).get("user").asText()).isEqualTo("u-1");
        assertThat(users.get(0).get("known").asBoolean()).isTrue();
        assertThat(users.get(0).get("excluded").asInt()).isPositive();   // u-1's items in the file are left out
        assertThat(users.get(1).get("known").asBoolean()).isFalse();
        for (JsonNode user : users) {
            assertThat(user.get("items")).hasSize(3);
            user.get("items").forEach(item -> assertThat(item.get("item").asText()).matches("sku-\\d+"));
        }

        Result evaluated = run(onShop("evaluate", "--model", model, "--all", "--json"));

        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(evaluated.json().at("/retrieval/recall@10").asDouble()).isBetween(0.0, 1.0);

        Result served = runWithInput("u-1\n\nu-2 1500000000\n", "serve", "--model", model, "-k", "2");

        assertThat(served.code()).isZero();
        assertThat(served.out().lines()).hasSize(2)
                .allMatch(line -> line.matches("u-\\d+\tknown(\tsku-\\d+=\\S+ [^\t]+){2}"));

        Result movieLens = run("recommend", "--model", model, "--user", "u-1", "--data", dir.toString());

        assertThat(movieLens.code()).isEqualTo(2);
        assertThat(movieLens.err().lines()).singleElement().asString()
                .contains("this model was trained on your own files (it has original ids): give --interactions");
    }

    @Test
    void theItemAgeFeatureTrainsSavesAndServesAndNeedsTimes() throws IOException {
        Path out = dir.resolve("aged");
        Result trained = run(onShop("train", "--items", shop.resolve("items.csv").toString(), "--item-text-col", "title",
                "--item-features", "id,age", "--epochs", "1", "--dim", "8", "--batch", "128", "--out", out.toString(),
                "--quiet"));
        assertThat(trained.code()).as(trained.err()).isZero();
        Result recommended = run(onShop("recommend", "--model", out.resolve("model.zip").toString(), "--user", "u-1",
                "-k", "3", "--json"));
        assertThat(recommended.code()).as(recommended.err()).isZero();
        assertThat(recommended.json().at("/users/0/items")).hasSize(3);

        Result timeless = run("train", "--interactions", shop.resolve("interactions.csv").toString(), "--user-col",
                "user", "--item-col", "item", "--items", shop.resolve("items.csv").toString(), "--item-text-col",
                "title", "--item-features", "id,age", "--out", dir.resolve("never").toString());
        assertThat(timeless.code()).isEqualTo(2);
        assertThat(timeless.err()).contains("--item-features age needs the time of each interaction: give --time-col");
    }

    @Test
    void aModelTrainedWithoutTimesAnswersWithoutAMomentInTime() throws IOException {
        Path out = dir.resolve("untimed");
        String[] timeless = {"--interactions", shop.resolve("interactions.csv").toString(), "--user-col", "user",
                "--item-col", "item"};
        List<String> train = new ArrayList<>(List.of("train"));
        train.addAll(List.of(timeless));
        train.addAll(List.of("--epochs", "1", "--dim", "8", "--batch", "128", "--out", out.toString(), "--quiet"));
        assertThat(run(train.toArray(String[]::new)).code()).isZero();
        String model = out.resolve("model.zip").toString();

        Result text = run("recommend", "--model", model, "--user", "u-1", "-k", "2");
        Result json = run("recommend", "--model", model, "--user", "u-1", "-k", "2", "--json");

        assertThat(text.code()).as(text.err()).isZero();
        // every training row was at time 0, which printed as "at 1970-01-01T00:00:00Z" before
        assertThat(text.out().lines().findFirst()).hasValue("user u-1 (known, 0 items left out):");
        assertThat(json.json().get("time").isNull()).isTrue();
    }
}
