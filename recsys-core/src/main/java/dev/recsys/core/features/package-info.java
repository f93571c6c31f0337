/**
 * Feature encoders: specs that are fitted on training data and then frozen into immutable,
 * Jackson-serializable encoders (ids, discretized and cyclic time, normalized values, title
 * tokens, genres).
 */
package dev.recsys.core.features;
