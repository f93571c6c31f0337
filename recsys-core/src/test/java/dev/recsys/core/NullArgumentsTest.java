package dev.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.data.IdDictionary;
import dev.recsys.core.data.RatingScale;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.GenreEncoder;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.features.TitleVectorizer;
import dev.recsys.core.nn.Activation;
import dev.recsys.core.nn.ArrayPool;
import dev.recsys.core.nn.CausalSelfAttention;
import dev.recsys.core.nn.Dense;
import dev.recsys.core.nn.DenseParameter;
import dev.recsys.core.nn.EmbeddingTable;
import dev.recsys.core.nn.Gru;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Mlp;
import dev.recsys.core.nn.Parameter;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.core.nn.frozen.FrozenCausalSelfAttention;
import dev.recsys.core.nn.frozen.FrozenDense;
import dev.recsys.core.nn.frozen.FrozenEmbedding;
import dev.recsys.core.nn.frozen.FrozenGru;
import dev.recsys.core.nn.frozen.FrozenMlp;
import dev.recsys.core.nn.frozen.SplitMlp;
import dev.recsys.core.nn.frozen.Weights;
import dev.recsys.core.optim.Adagrad;
import dev.recsys.core.optim.Adam;
import dev.recsys.core.optim.Optimizer;
import dev.recsys.core.optim.Sgd;
import dev.recsys.core.topk.BruteForceIndex;
import dev.recsys.core.topk.HnswIndex;
import dev.recsys.core.topk.IndexChoice;
import dev.recsys.core.topk.ItemFilter;
import dev.recsys.core.topk.Similarity;
import dev.recsys.core.topk.TopKIndex;
import java.io.EOFException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The null rule on recsys-core's public API: a null argument is a NullPointerException naming
 * it, thrown at the boundary (see {@link NullArguments}). New public types need a sample here.
 */
class NullArgumentsTest {

    @Test
    void nullArgumentsAreNullPointerExceptionsNamingTheArgument() {
        List<Class<?>> types = NullArguments.publicTypes(BruteForceIndex.class, "dev.recsys.core");
        List<String> violations = samples(new NullArguments()).violations(types);
        assertThat(violations).as(String.join("\n", violations)).isEmpty();
    }

    /** A dense layer {@code d} [1 -> 1], a projection {@code m} [2 -> 1] and a GRU {@code g} [1 -> 1]. */
    private static Weights weights() {
        return Weights.builder().put("d/kernel", new float[1], 1, 1).put("d/bias", new float[1], 1, 1)
                .put("m/projection/kernel", new float[2], 2, 1).put("m/projection/bias", new float[1], 1, 1)
                .put("g/kernel", new float[3], 1, 3).put("g/recurrent", new float[3], 1, 3)
                .put("g/bias", new float[3], 1, 3).put("g/recurrentBias", new float[3], 1, 3).build();
    }

    /** Valid values of every public recsys-core type, to call the others with. */
    static NullArguments samples(NullArguments checker) {
        return checker
                .sample(Examples.class, () -> Examples.of(new int[] {1}, new long[] {1}, new int[] {1}, new float[] {4}))
                .sample(RatingScale.class, () -> RatingScale.HALF_STARS)
                .sample(IdDictionary.class, () -> IdDictionary.of(List.of("a")))
                .sample(IdDictionary.Builder.class, IdDictionary::builder)
                .sample(boolean[].class, () -> new boolean[1])
                .sample(Catalog.class, () -> Catalog.of(new int[] {1}, List.of("Toy Story (1995)"),
                        List.of(List.of("Comedy"))))
                .sample(CyclicTimeEncoder.class, CyclicTimeEncoder::standard)
                .sample(Discretizer.class, () -> Discretizer.equalWidth(3).fit(new long[] {0, 10}))
                .sample(GenreEncoder.class, () -> GenreEncoder.builder().build().fit(List.of(List.of("Comedy"))))
                .sample(GenreEncoder.Builder.class, GenreEncoder::builder)
                .sample(IdEncoder.class, () -> IdEncoder.builder().build().fit(new int[] {1}))
                .sample(IdEncoder.Builder.class, IdEncoder::builder)
                .sample(RecentItems.class, () -> RecentItems.builder().build().fit(
                        Examples.of(new int[] {1}, new long[] {1}, new int[] {1}, new float[] {4})))
                .sample(int[][].class, () -> new int[][] {{1}})
                .sample(MaskedIndices.class, () -> RecentItems.builder().build().encode(new int[][] {{1}}))
                .sample(Normalizer.class, () -> Normalizer.create().fit(new long[] {0, 10}))
                .sample(TitleVectorizer.class, () -> TitleVectorizer.builder().build().fit(List.of("Toy Story (1995)")))
                .sample(TitleVectorizer.Builder.class, TitleVectorizer::builder)
                .sample(Collection.class, () -> List.of("Comedy"))
                .argument("GenreEncoder.fit(genresPerMovie)", () -> List.of(List.of("Comedy")))
                .argument("GenreEncoder.multiHot(genresPerMovie)", () -> List.of(List.of("Comedy")))
                .argument("GenreEncoder.indices(genresPerMovie)", () -> List.of(List.of("Comedy")))
                .argument("Catalog.of(genres)", () -> List.of(List.of("Comedy")))
                .argument("CyclicTimeEncoder.encode(out)", () -> new float[8])
                .sample(ParameterStore.class, () -> new ParameterStore(1))
                .sample(DataType.class, () -> DataType.FLOAT)
                .sample(INDArray.class, () -> Nd4j.ones(DataType.FLOAT, 1, 1))
                .sample(Initializer.class, () -> Initializer.uniform(0.05))
                .sample(Tape.class, Tape::new)
                .sample(ArrayPool.class, ArrayPool::new)
                .sample(Variable.class, () -> new Tape().input(new float[] {1}, DataType.FLOAT, 1, 1))
                .argument("Ops.concat(parts)", () -> new Variable[] {new Tape().input(new float[] {1}, DataType.FLOAT, 1, 1)})
                .sample(DenseParameter.class, () -> new ParameterStore(1).dense("p", Initializer.zeros(), 1, 1))
                .sample(Parameter.class, () -> new ParameterStore(1).dense("p", Initializer.zeros(), 1, 1))
                .sample(EmbeddingTable.class, () -> new ParameterStore(1).embedding("e", 2, 1, Initializer.zeros()))
                .sample(Dense.class, () -> Dense.builder("d", 1, 1).build(new ParameterStore(1)))
                .sample(Dense.Builder.class, () -> Dense.builder("d", 1, 1))
                .sample(Gru.class, () -> Gru.builder("g", 1, 1).build(new ParameterStore(1)))
                .sample(Gru.Builder.class, () -> Gru.builder("g", 1, 1))
                .sample(Function.class, () -> (Function<Tape, Variable>) tape -> tape.input(new float[] {1},
                        DataType.FLOAT, 1, 1))
                .sample(Map.class, () -> Map.of())
                .sample(SplittableRandom.class, () -> new SplittableRandom(1))
                .sample(Optimizer.class, () -> Adam.builder(0.01).build())
                .sample(Adam.Builder.class, () -> Adam.builder(0.01))
                .sample(Adagrad.Builder.class, () -> Adagrad.builder(0.01))
                .sample(Sgd.Builder.class, () -> Sgd.builder(0.01))
                .sample(BruteForceIndex.class, () -> BruteForceIndex.builder(new int[] {1}, new float[] {1}, 1).build())
                .sample(TopKIndex.class, () -> BruteForceIndex.builder(new int[] {1}, new float[] {1}, 1).build())
                .sample(BruteForceIndex.Builder.class, () -> BruteForceIndex.builder(new int[] {1}, new float[] {1}, 1))
                .sample(ItemFilter.class, ItemFilter::none)
                .sample(HnswIndex.class, () -> HnswIndex.builder(new int[] {1}, new float[] {1}, 1).build())
                .sample(HnswIndex.Builder.class, () -> HnswIndex.builder(new int[] {1}, new float[] {1}, 1))
                .sample(IndexChoice.class, IndexChoice::defaults)
                .sample(Similarity.class, () -> Similarity.DOT_PRODUCT)
                .sample(IndexChoice.Builder.class, IndexChoice::builder)
                .sample(Throwable.class, EOFException::new)
                .nullable("IndexFormatException.<init>(message)", "an exception message may be null, as IOException's")
                .nullable("IndexFormatException.<init>(cause)", "an unknown cause is null, as IOException's")
                .argument("SvgChart.lines(series)", () -> List.of(new double[] {1}))
                .sample(Mlp.class, () -> new Mlp(new ParameterStore(1), "m", 1, new int[0], 1))
                .sample(Activation.class, () -> Activation.RELU)
                .sample(Weights.class, NullArgumentsTest::weights)
                .sample(Weights.Builder.class, Weights::builder)
                .sample(FrozenDense.class, () -> Dense.frozen(weights(), "d", 1, 1, Activation.LINEAR))
                .sample(FrozenEmbedding.class, () -> FrozenEmbedding.of(weights(), "d/kernel", 1, 1))
                .sample(FrozenMlp.class, () -> Mlp.frozen(weights(), "m", 2, new int[0], 1))
                .sample(SplitMlp.class, () -> SplitMlp.of(Mlp.frozen(weights(), "m", 2, new int[0], 1), 1))
                .sample(FrozenGru.class, () -> Gru.frozen(weights(), "g", 1, 1))
                .sample(FrozenCausalSelfAttention.class, () -> {
                    try (ParameterStore store = new ParameterStore(1)) {
                        CausalSelfAttention.builder("a", 1, 1).layers(1).build(store);
                        return CausalSelfAttention.frozen(store.weights(), "a", 1, 1, 1, 1);
                    }
                })
                .argument("Gru.apply(x)", () -> new Tape().input(new float[] {1}, DataType.FLOAT, 1, 1, 1))
                .argument("Gru.apply(mask)", () -> Nd4j.ones(DataType.FLOAT, 1, 1))
                .sample(CausalSelfAttention.class, () -> CausalSelfAttention.builder("a", 1, 1).build(new ParameterStore(1)))
                .sample(CausalSelfAttention.Builder.class, () -> CausalSelfAttention.builder("a", 1, 1))
                .argument("CausalSelfAttention.apply(x)", () -> new Tape().input(new float[] {1}, DataType.FLOAT, 1, 1, 1))
                .argument("CausalSelfAttention.apply(mask)", () -> Nd4j.ones(DataType.FLOAT, 1, 1))
                .argument("CausalSelfAttention.applyLast(x)", () -> new Tape().input(new float[] {1}, DataType.FLOAT, 1, 1, 1))
                .argument("CausalSelfAttention.applyLast(mask)", () -> Nd4j.ones(DataType.FLOAT, 1, 1))
                .nullable("CausalSelfAttention.apply(random)", "no generator needed when not training (documented)")
                .nullable("CausalSelfAttention.applyLast(random)", "no generator needed when not training (documented)")
                .argument("Ops.maskedMeanPool(x)", () -> new Tape().input(new float[] {1}, DataType.FLOAT, 1, 1, 1))
                .argument("Ops.softmaxCrossEntropy(labels)", () -> new int[] {0})
                .argument("GradientCheck.check(store)", () -> new ParameterStore(1, DataType.DOUBLE))
                .nullable("Ops.softmaxCrossEntropy(offsets)", "no logit offsets (documented)")
                .nullable("Ops.softmaxCrossEntropy(columnIds)", "no duplicate-column masking (documented)")
                // An implementation hook that ParameterStore calls with arrays it made.
                .skip("Initializer.fill");
    }
}
