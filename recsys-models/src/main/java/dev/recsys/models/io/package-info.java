/**
 * Model files: {@link dev.recsys.models.io.SavedModel} (one checked zip per trained model),
 * {@link dev.recsys.models.io.Provenance}, and {@link dev.recsys.models.io.ModelFormatException}
 * for files that cannot be loaded.
 */
package dev.recsys.models.io;
