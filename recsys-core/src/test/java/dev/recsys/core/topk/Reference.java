package dev.recsys.core.topk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The independent reference for index tests: score every eligible candidate in double, sort the
 * whole list by (score descending, position ascending), keep k. Catalogues with small integer
 * components make every float sum exact, so the index must match it bit for bit. A score with a
 * product beyond twice the float range is -Infinity, the index's rule for scores that overflow.
 */
final class Reference {

    private Reference() {
    }

    /** {@code [n * dim]} integers in [-4, 4]: all dot products are exact in float for dim < 2^20. */
    static float[] integerVectors(Random random, int n, int dim) {
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(9) - 4;
        }
        return v;
    }

    static int[] shuffledIds(Random random, int n) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(i * 7 - 50);
        }
        java.util.Collections.shuffle(ids, random);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Full sort of the dot products.
     *
     * @param allowed null for every candidate
     */
    static TopKResult topK(int[] ids, float[] vectors, int dim, float[] query, int k, Set<Integer> allowed,
            Set<Integer> excluded) {
        List<double[]> scored = new ArrayList<>();
        for (int p = 0; p < ids.length; p++) {
            if ((allowed != null && !allowed.contains(ids[p])) || excluded.contains(ids[p])) {
                continue;
            }
            double s = 0;
            for (int d = 0; d < dim; d++) {
                double product = (double) query[d] * vectors[p * dim + d];
                // A product beyond twice the float range overflows any float sum: the index's
                // rule makes such a score -Infinity. (Tests keep products either exact and small
                // or that large.)
                s = Math.abs(product) > 2.0 * Float.MAX_VALUE ? Double.NEGATIVE_INFINITY : s + product;
            }
            scored.add(new double[] {s, p});
        }
        scored.sort(Comparator.<double[]>comparingDouble(x -> -x[0]).thenComparingDouble(x -> x[1]));
        int m = Math.min(k, scored.size());
        int[] outIds = new int[m];
        float[] outScores = new float[m];
        for (int r = 0; r < m; r++) {
            outIds[r] = ids[(int) scored.get(r)[1]];
            outScores[r] = (float) scored.get(r)[0] + 0f;
        }
        return new TopKResult(outIds, outScores);
    }
}
