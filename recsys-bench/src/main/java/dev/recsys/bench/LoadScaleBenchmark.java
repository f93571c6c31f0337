package dev.recsys.bench;

import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Times the load of a large synthetic ratings file: the ml-25m scale check (target: 25M ratings
 * in under 60 s with a 2 GB heap). Not a JMH benchmark: one load of 25M rows is the quantity of
 * interest, cold and warm, with the peak heap it needed.
 *
 * <pre>
 * java -Xmx2g -cp recsys-bench/target/benchmarks.jar dev.recsys.bench.LoadScaleBenchmark [ratings] [loads]
 * </pre>
 *
 * Defaults: 25,000,095 ratings (ml-25m's count) by 162,541 users of 62,423 movies, 3 loads.
 */
public final class LoadScaleBenchmark {

    private LoadScaleBenchmark() {
    }

    /** Generates the data into a temporary folder, loads it {@code loads} times, prints timings, deletes the folder. */
    public static void main(String[] args) throws IOException {
        int ratings = args.length > 0 ? Integer.parseInt(args[0]) : 25_000_095;
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("recsys-load-scale");
        try {
            long start = System.nanoTime();
            SyntheticMovieLens.builder(25).users(162_541).movies(62_423).ratings(ratings).build().writeCsv(dir);
            System.out.printf("generated %,d ratings in %.1f s (%,d MB on disk)%n", ratings, seconds(start),
                    Files.size(dir.resolve("ratings.csv")) >> 20);
            MovieLensReader reader = MovieLensReader.builder().build();
            for (int i = 1; i <= loads; i++) {
                start = System.nanoTime();
                MovieLensData data = reader.read(dir);
                System.out.printf("load %d: %,d ratings in %.1f s, heap peak (sum of pool peaks) %,d MB, max %,d MB%n", i,
                        data.ratings().size(), seconds(start), peakHeapMegabytes(),
                        Runtime.getRuntime().maxMemory() >> 20);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Sum of the heap pools' peak usage since start. */
    private static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
