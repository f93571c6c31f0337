/**
 * Training: the {@link dev.recsys.models.train.Trainer} (seeded mini-batch epochs, validation,
 * early stopping), its progress reports ({@link dev.recsys.models.train.EpochReport},
 * {@link dev.recsys.models.train.TrainingListener}) and result
 * ({@link dev.recsys.models.train.TrainingResult}).
 */
package dev.recsys.models.train;
