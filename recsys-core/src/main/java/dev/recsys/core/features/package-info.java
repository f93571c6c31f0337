/**
 * Feature encoders: specs that are fitted on training data and then frozen into immutable,
 * Jackson-serializable encoders (ids, discretized and cyclic time, normalized values, title
 * tokens, genres).
 *
 * <p>Every encoder follows one lifecycle: a factory or builder gives an unfitted encoder,
 * {@code fit(trainingData)} returns a new fitted one, and encoding with an unfitted encoder throws
 * {@link java.lang.IllegalStateException} naming the call to make. Fitted encoders are immutable
 * and thread-safe, compare equal by their fitted state, and survive a Jackson round trip
 * ({@code new ObjectMapper().writeValueAsString(encoder)}, then {@code readValue(json,
 * Encoder.class)}) as an equal encoder. Batch methods return row-major primitive arrays whose
 * shapes the javadoc states, ready for {@code Nd4j.create(array, shape)}.
 *
 * <ul>
 *   <li>{@link dev.recsys.core.features.IdEncoder}: user and movie ids to embedding rows, with
 *       out-of-vocabulary buckets.</li>
 *   <li>{@link dev.recsys.core.features.Discretizer}: timestamps to equal-width or quantile
 *       buckets.</li>
 *   <li>{@link dev.recsys.core.features.CyclicTimeEncoder}: sin/cos of month, weekday, day and
 *       hour ({@link dev.recsys.core.features.TimeField}).</li>
 *   <li>{@link dev.recsys.core.features.Normalizer}: z-score of a continuous value.</li>
 *   <li>{@link dev.recsys.core.features.TitleVectorizer}: titles to padded token sequences with
 *       a mask ({@link dev.recsys.core.features.MaskedIndices}).</li>
 *   <li>{@link dev.recsys.core.features.GenreEncoder}: genre sets as multi-hot rows or padded
 *       index lists.</li>
 * </ul>
 */
package dev.recsys.core.features;
