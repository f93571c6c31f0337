package dev.recsys.bench;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.TimeField;
import dev.recsys.core.features.TitleVectorizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The encoders of the neural models, fitted on one training part only (never on what they are evaluated on). */
final class Features {

    final IdEncoder userIds;
    final IdEncoder movieIds;
    final Discretizer timeBuckets;
    final Normalizer timestamps;
    final IdEncoder years;
    final CyclicTimeEncoder cyclic = CyclicTimeEncoder.standard();
    final TitleVectorizer titles;
    final GenreEncoder genres;

    /** Fits every encoder on {@code train}; titles and genres on the candidates rated in it. */
    Features(Examples train, Catalog candidates) {
        this.userIds = IdEncoder.builder().build().fit(train.userIds());
        this.movieIds = IdEncoder.builder().build().fit(train.movieIds());
        long[] times = train.timestamps();
        this.timeBuckets = Discretizer.equalWidth(1000).fit(times);
        this.timestamps = Normalizer.create().fit(times);
        int[] trainYears = new int[times.length];
        for (int i = 0; i < trainYears.length; i++) {
            trainYears[i] = TimeField.YEAR.of(times[i]);
        }
        this.years = IdEncoder.builder().build().fit(trainYears);
        Set<Integer> rated = new LinkedHashSet<>();
        for (int id : train.movieIds()) {
            rated.add(id);
        }
        List<String> ratedTitles = new ArrayList<>();
        List<List<String>> ratedGenres = new ArrayList<>();
        for (int id : rated) {
            int row = candidates.rowOf(id);
            if (row >= 0) {
                ratedTitles.add(candidates.titles().get(row));
                ratedGenres.add(candidates.genres().get(row));
            }
        }
        this.titles = TitleVectorizer.builder().build().fit(ratedTitles);
        this.genres = GenreEncoder.builder().build().fit(ratedGenres);
    }
}
