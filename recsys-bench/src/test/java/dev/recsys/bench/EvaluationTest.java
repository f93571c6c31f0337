package dev.recsys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** 120 movies; every user scores movie row r as 120 - r, so the ranking is rows 0, 1, 2, ... */
    private static final Catalog CATALOG = catalog(120);

    private static final CandidateScorer FIXED = new CandidateScorer() {
        @Override
        public Catalog candidates() {
            return CATALOG;
        }

        @Override
        public float[][] scores(int[] userIds, long[] timestamps) {
            float[][] out = new float[userIds.length][CATALOG.size()];
            for (float[] row : out) {
                for (int r = 0; r < row.length; r++) {
                    row[r] = CATALOG.size() - r;
                }
            }
            return out;
        }
    };

    @Test
    void perUserExcludesTrainingMoviesAndAverages() {
        // user 1 trained on rows 0 and 1, tests rows 2 and 50: after exclusion the list is 2, 3, 4, ...
        // so row 2 is first and row 50 is 49th. Recall@10 = 1/2, HitRate@10 = 1, NDCG@10 = 1 / (1 + 1/log2(3)).
        // user 2 trained on nothing, tests row 110: 111th, beyond 100: all zero.
        // Averages over the two users.
        Examples train = examples(new int[] {1, 1}, new int[] {0, 1});
        Examples test = examples(new int[] {1, 1, 2}, new int[] {2, 50, 110});
        Evaluation.PerUser result = Evaluation.perUser(FIXED, train, test);
        assertThat(result.users()).isEqualTo(2);
        assertThat(result.recall()[9]).isCloseTo(0.25, within(1e-12));
        assertThat(result.recall()[48]).isCloseTo(0.5, within(1e-12));
        assertThat(result.recall()[47]).isCloseTo(0.25, within(1e-12));
        assertThat(result.hitRate10()).isCloseTo(0.5, within(1e-12));
        assertThat(result.ndcg10()).isCloseTo(0.5 / (1 + Math.log(2) / Math.log(3)), within(1e-12));
        assertThat(result.hitRate100()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void factorizedTopKCountsStrictlyHigherCandidates() {
        // rows 0, 9, 99 have 0, 9, 99 candidates above them: hits at k > 0, k > 9, k > 99.
        Examples test = examples(new int[] {1, 1, 1}, new int[] {0, 9, 99});
        double[] curve = Evaluation.factorizedTopK(FIXED, test);
        assertThat(curve[0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(curve[9]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(curve[98]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(curve[99]).isCloseTo(1, within(1e-12));
    }

    private static Examples examples(int[] users, int[] rows) {
        int[] movies = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            movies[i] = CATALOG.id(rows[i]);
        }
        return Examples.of(users, new long[users.length], movies, new float[users.length]);
    }

    private static Catalog catalog(int n) {
        int[] ids = new int[n];
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            titles.add("m" + i);
        }
        return Catalog.of(ids, titles, Collections.nCopies(n, List.of()));
    }
}
