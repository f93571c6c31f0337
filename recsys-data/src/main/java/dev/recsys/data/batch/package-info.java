/** Seeded mini-batches over interactions, for training loops. */
package dev.recsys.data.batch;
