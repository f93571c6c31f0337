package dev.recsys.data.synthetic;

import java.util.SplittableRandom;

/** Draws indices in proportion to fixed weights in constant time (Vose's alias method). */
final class AliasSampler {
    private final double[] threshold;
    private final int[] alias;

    /** @param weights non-negative, finite, with a positive sum */
    AliasSampler(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        threshold = new double[n];
        alias = new int[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            threshold[i] = weights[i] * n / sum;
            if (threshold[i] < 1) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int s = small[--smallCount];
            int l = large[--largeCount];
            alias[s] = l;
            threshold[l] -= 1 - threshold[s];
            if (threshold[l] < 1) {
                small[smallCount++] = l;
            } else {
                large[largeCount++] = l;
            }
        }
        // What is left is 1 up to rounding: always keep it.
        while (largeCount > 0) {
            threshold[large[--largeCount]] = 1;
        }
        while (smallCount > 0) {
            threshold[small[--smallCount]] = 1;
        }
    }

    int sample(SplittableRandom random) {
        int column = random.nextInt(threshold.length);
        return random.nextDouble() < threshold[column] ? column : alias[column];
    }
}
