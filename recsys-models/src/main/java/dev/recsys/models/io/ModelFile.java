package dev.recsys.models.io;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.core.topk.HnswIndex;
import dev.recsys.core.topk.IndexChoice;
import dev.recsys.models.task.FrozenRankingHead;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.tower.FrozenMovieTower;
import dev.recsys.models.tower.FrozenUserTower;
import dev.recsys.models.tower.UserTower;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The contents of a model file, read without ND4J: the {@link ModelSpec}, the candidate
 * catalogue, the {@link Provenance} and every weight as float arrays on the Java heap. Serving
 * freezes towers and the ranking head straight from it ({@link #freezeUserTower(int)} and
 * friends); {@link SavedModel#load} rebuilds the trainable models from it.
 *
 * <p><b>Format version 2</b> (one zip): {@code model.json} (the {@link ModelSpec}),
 * {@code candidates.json} (ids, titles and genres of the candidate movies),
 * {@code provenance.json}, {@code weights.bin} (float32 parameters, see the package notes), for a
 * model trained on string ids {@code ids.json} (its {@link OriginalIds}; optional, so files
 * without it read as before), optionally {@code retrieval-index.hnsw} (the {@link HnswIndex} of
 * the retrieval candidates, {@link HnswIndex#writeTo}'s bytes with their own CRC-32C; readers
 * that do not know the part ignore it) and {@code manifest.json} (format name and version, and
 * each part's SHA-256 and size). Version 1
 * files (one {@code metadata.json} holding spec, candidates and provenance, and a manifest
 * without sizes) are read as well.
 *
 * <p><b>Reading</b> is bounded: each part is streamed, refused before it is read when it declares
 * more than {@link ModelLimits#maxPartBytes()} or disagrees with the manifest, refused while it is
 * read when it holds more than it declares (a zip bomb), and checked against its SHA-256. A file
 * that fails any check is refused with a {@link ModelFormatException} naming the part; nothing
 * half-read is returned. Immutable after reading.
 */
public final class ModelFile {

    /** The part holding the {@link ModelSpec} (format version 2). */
    public static final String SPEC = "model.json";
    /** The part holding the candidate catalogue (format version 2). */
    public static final String CANDIDATES = "candidates.json";
    /** The part holding the {@link Provenance} (format version 2). */
    public static final String PROVENANCE = "provenance.json";
    /** The part holding the weights (every version). */
    public static final String WEIGHTS = "weights.bin";
    /** The optional part holding the {@link OriginalIds} of a model trained on string ids (format version 2). */
    public static final String IDS = "ids.json";
    /** The optional part holding the retrieval candidates' {@link HnswIndex} (format version 2). */
    public static final String RETRIEVAL_INDEX = "retrieval-index.hnsw";
    /** The part of format version 1 holding spec, candidates and provenance together. */
    public static final String METADATA_V1 = "metadata.json";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .addMixIn(Catalog.class, CatalogJson.class);

    private final Path file;
    private final int formatVersion;
    private final ModelSpec spec;
    private final Catalog candidates;
    private final Provenance provenance;
    private final OriginalIds ids;
    private final Map<String, Weights> weights;
    private final HnswIndex retrievalIndex;

    private ModelFile(Path file, int formatVersion, ModelSpec spec, Catalog candidates, Provenance provenance,
            OriginalIds ids, Map<String, Weights> weights, HnswIndex retrievalIndex) {
        this.file = file;
        this.formatVersion = formatVersion;
        this.spec = spec;
        this.candidates = candidates;
        this.provenance = provenance;
        this.ids = ids;
        this.weights = weights;
        this.retrievalIndex = retrievalIndex;
    }

    /** {@link #read(Path, ModelLimits)} with {@link ModelLimits#defaults()}. */
    public static ModelFile read(Path file) throws IOException {
        return read(file, ModelLimits.defaults());
    }

    /**
     * Reads and checks a model file of format version 1 or 2, leaving out any stored
     * {@value #RETRIEVAL_INDEX}: {@link #read(Path, ModelLimits, IndexChoice)} with
     * {@link IndexChoice#exact()}.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if the path is a directory
     * @throws ModelFormatException naming the part, if the file is not a model of a known
     *     version, or a part is missing, oversized, altered, truncated or malformed
     * @throws IOException if reading fails
     */
    public static ModelFile read(Path file, ModelLimits limits) throws IOException {
        return read(file, limits, IndexChoice.exact());
    }

    /**
     * Reads and checks a model file of format version 1 or 2, and its stored
     * {@value #RETRIEVAL_INDEX} when it has one and {@code index} chooses the approximate index
     * for its number of candidates (otherwise the part is not read at all).
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.FileSystemException if the path is a directory
     * @throws ModelFormatException naming the part, if the file is not a model of a known
     *     version, or a part is missing, oversized, altered, truncated or malformed
     * @throws IOException if reading fails
     */
    public static ModelFile read(Path file, ModelLimits limits, IndexChoice index) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(index, "index");
        try (ModelArchive archive = ModelArchive.open(file, limits)) {
            int version = archive.formatVersion();
            ModelSpec spec;
            Catalog candidates;
            Provenance provenance;
            OriginalIds ids = null;
            String specPart = version == 1 ? METADATA_V1 : SPEC;
            if (version == 1) {
                MetadataV1 metadata = archive.read(METADATA_V1, in -> JSON.readValue(in, MetadataV1.class));
                spec = new ModelSpec(metadata.userTowers(), metadata.movieTowers(), metadata.retrieval(),
                        metadata.ranking());
                candidates = metadata.candidates();
                provenance = metadata.provenance();
            } else {
                spec = archive.read(SPEC, in -> JSON.readValue(in, ModelSpec.class));
                candidates = archive.read(CANDIDATES, in -> JSON.readValue(in, Catalog.class));
                provenance = archive.read(PROVENANCE, in -> JSON.readValue(in, Provenance.class));
                if (archive.has(IDS)) {
                    ids = archive.read(IDS, in -> JSON.readValue(in, OriginalIds.class));
                    if (ids == null) {
                        throw new ModelFormatException(file, IDS, "malformed: null");
                    }
                    try {
                        ids.check(candidates);
                    } catch (IllegalArgumentException e) {
                        throw new ModelFormatException(file, IDS, "invalid: " + e.getMessage(), e);
                    }
                }
            }
            Map<String, Weights> weights = archive.read(WEIGHTS, WeightFormat::read);
            if (spec == null || candidates == null || provenance == null) {
                throw new ModelFormatException(file, specPart, "malformed: spec, candidates or provenance is null");
            }
            HnswIndex retrievalIndex = null;
            if (archive.has(RETRIEVAL_INDEX) && index.approximate(candidates.size())) {
                retrievalIndex = archive.read(RETRIEVAL_INDEX, HnswIndex::readFrom);
            }
            ModelFile contents = new ModelFile(file, version, spec, candidates, provenance, ids, weights,
                    retrievalIndex);
            contents.checkSpec();
            return contents;
        }
    }

    /** Checks the spec's structure and every tower's settings, so that only weights can disagree later. */
    private void checkSpec() throws ModelFormatException {
        try {
            spec.check();
            for (UserTower.Spec tower : spec.userTowers()) {
                tower.check();
            }
            for (int i = 0; i < spec.movieTowers().size(); i++) {
                spec.movieTowers().get(i).spec().check(catalogOf(i));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFormatException(file, specPart(), "invalid settings: " + e.getMessage(), e);
        }
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** The format version of the file: 1 or 2. */
    public int formatVersion() {
        return formatVersion;
    }

    /** The part that held the spec: {@value #SPEC}, or {@value #METADATA_V1} in version 1. */
    public String specPart() {
        return formatVersion == 1 ? METADATA_V1 : SPEC;
    }

    /** Towers, pairings and head settings. */
    public ModelSpec spec() {
        return spec;
    }

    /** The candidate movies, in the retrieval model's row order. */
    public Catalog candidates() {
        return candidates;
    }

    /** Where the model came from. */
    public Provenance provenance() {
        return provenance;
    }

    /** The original ids, for a model trained on string ids. */
    public Optional<OriginalIds> ids() {
        return Optional.ofNullable(ids);
    }

    /**
     * The weights of a store ({@link ModelSpec#userStore(int)}, {@link ModelSpec#movieStore(int)},
     * {@link ModelSpec#HEAD_STORE}).
     *
     * @throws ModelFormatException naming {@value #WEIGHTS} if the file has no such store
     */
    public Weights weights(String store) throws ModelFormatException {
        Weights stored = weights.get(store);
        if (stored == null) {
            throw new ModelFormatException(file, WEIGHTS, "no weights for " + store + "; found stores " + weights.keySet());
        }
        return stored;
    }

    /**
     * The stored graph over the retrieval candidates' embeddings, when the file holds one and the
     * reader asked for it; {@code Recommender.load} checks it against the embeddings it computes
     * ({@link HnswIndex#holds}) before serving from it.
     */
    public Optional<HnswIndex> retrievalIndex() {
        return Optional.ofNullable(retrievalIndex);
    }

    /** The catalogue movie tower {@code i} reads titles and genres from, or null. */
    public Catalog catalogOf(int movieTower) {
        ModelSpec.MovieTowerEntry entry = spec.movieTowers().get(movieTower);
        return entry.sharesCandidates() ? candidates : entry.catalog();
    }

    /**
     * User tower {@code i}, frozen (with the id table of its movie tower when its history shares it).
     *
     * @throws ModelFormatException if its settings are invalid or its weights do not fit them
     */
    public FrozenUserTower freezeUserTower(int i) throws ModelFormatException {
        Weights stored = weights(ModelSpec.userStore(i));
        int historyMovies = spec.historyMovieTower(i);
        Weights movieWeights = historyMovies < 0 ? null : weights(ModelSpec.movieStore(historyMovies));
        try {
            return FrozenUserTower.of(spec.userTowers().get(i), stored, movieWeights);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw inconsistent(ModelSpec.userStore(i), e);
        }
    }

    /**
     * Movie tower {@code i}, frozen, reading its catalogue.
     *
     * @throws ModelFormatException if its settings are invalid or its weights do not fit them
     */
    public FrozenMovieTower freezeMovieTower(int i) throws ModelFormatException {
        Weights stored = weights(ModelSpec.movieStore(i));
        try {
            return FrozenMovieTower.of(spec.movieTowers().get(i).spec(), catalogOf(i), stored);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw inconsistent(ModelSpec.movieStore(i), e);
        }
    }

    /**
     * The ranking head, frozen, over the ranking model's towers (frozen from this file).
     *
     * @param users the ranking user tower
     * @param movies the ranking movie tower
     * @throws IllegalStateException if the model has no ranking model
     * @throws ModelFormatException if the head's weights do not fit its settings
     */
    public FrozenRankingHead freezeRankingHead(FrozenUserTower users, FrozenMovieTower movies)
            throws ModelFormatException {
        if (spec.ranking() == null) {
            throw new IllegalStateException("the model has no ranking model");
        }
        Weights stored = weights(ModelSpec.HEAD_STORE);
        try {
            return RankingModel.frozenHead(stored, spec.ranking().headSpec(), users.spec().userIds(),
                    movies.spec().movieIds(), users.outputDim(), movies.outputDim());
        } catch (IllegalArgumentException e) {
            throw inconsistent(ModelSpec.HEAD_STORE, e);
        }
    }

    /** A refusal for weights that do not fit the (already checked) settings. */
    private ModelFormatException inconsistent(String store, RuntimeException e) {
        return new ModelFormatException(file, WEIGHTS, "the weights of " + store + " do not fit its settings: "
                + e.getMessage(), e);
    }

    /**
     * Writes a model file of the current format version atomically.
     *
     * @param ids the original ids, or null for a model on int ids
     * @param weights store name to weights, every store the spec refers to
     * @param retrievalIndex the graph over the retrieval candidates' embeddings, or null for none
     * @param wrap wraps the file's output stream (tests make writes fail with it)
     */
    static void write(Path file, ModelSpec spec, Catalog candidates, Provenance provenance, OriginalIds ids,
            Map<String, Weights> weights, HnswIndex retrievalIndex, UnaryOperator<OutputStream> wrap)
            throws IOException {
        Map<String, ModelArchive.PartWriter> parts = new LinkedHashMap<>();
        parts.put(SPEC, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(nonClosing(out), spec));
        parts.put(CANDIDATES, out -> JSON.writeValue(nonClosing(out), candidates));
        parts.put(PROVENANCE, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(nonClosing(out), provenance));
        if (ids != null) {
            parts.put(IDS, out -> JSON.writeValue(nonClosing(out), ids));
        }
        parts.put(WEIGHTS, out -> WeightFormat.write(out, weights));
        if (retrievalIndex != null) {
            parts.put(RETRIEVAL_INDEX, retrievalIndex::writeTo);
        }
        ModelArchive.write(file, parts, wrap);
    }

    /** Jackson closes the stream it writes to; a part's stream must stay open for the next part. */
    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** The single JSON part of format version 1. */
    record MetadataV1(Provenance provenance, Catalog candidates, List<UserTower.Spec> userTowers,
                      List<ModelSpec.MovieTowerEntry> movieTowers, ModelSpec.TowerPair retrieval,
                      ModelSpec.RankingHead ranking) {}

    /** Jackson's view of a {@link Catalog}: three equally long columns. */
    abstract static class CatalogJson {
        @JsonCreator
        static Catalog of(@JsonProperty("ids") int[] ids, @JsonProperty("titles") List<String> titles,
                @JsonProperty("genres") List<? extends List<String>> genres) {
            throw new UnsupportedOperationException("a mix-in: Jackson calls Catalog.of");
        }

        @JsonProperty("ids")
        abstract int[] ids();

        @JsonProperty("titles")
        abstract List<String> titles();

        @JsonProperty("genres")
        abstract List<List<String>> genres();
    }
}
