package dev.recsys.bench;

import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.split.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm load and preprocessing of a MovieLens folder (target: ml-latest-small under 0.5 s).
 *
 * <pre>
 * java -jar recsys-bench/target/benchmarks.jar DataPipelineBenchmark -p data=../shared/datasets/ml-latest-small
 * </pre>
 *
 * <p>Ten one-second warm-up iterations let the CSV parser and the row loops reach their compiled
 * form (a cold first read costs several times a warm one, which is class loading, not the
 * pipeline); two forks show whether JIT decisions vary between JVMs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class DataPipelineBenchmark {

    /** A MovieLens folder of any layout, relative to the working directory. */
    @Param("../shared/datasets/ml-latest-small")
    public String data;

    private Path folder;
    private MovieLensReader reader;

    /** Checks the folder exists, so a wrong path fails before any measurement. */
    @Setup
    public void setUp() throws IOException {
        folder = Path.of(data);
        if (!Files.isDirectory(folder)) {
            throw new IOException("no MovieLens folder at " + folder.toAbsolutePath().normalize() + ": pass -p data=DIR");
        }
        reader = MovieLensReader.builder().build();
    }

    /** Reads every file of the folder. */
    @Benchmark
    public MovieLensData load() throws IOException {
        return reader.read(folder);
    }

    /** Reads, applies the seed protocol's preprocessing and splits 60,000 / rest. */
    @Benchmark
    public Interactions loadPreprocessSplit() throws IOException {
        Interactions kept = Preprocessing.seedProtocol().run(reader.read(folder).ratings()).interactions();
        return Splits.randomByCount(kept, Math.min(60_000, kept.size()), 42).test();
    }
}
