/** The engine every model needs: feature encoders, tensors, the TopK index and metrics. */
package dev.recsys.core;
