/**
 * Model files. {@link dev.recsys.models.io.SavedModel} saves trained models and loads them back
 * trainable (on ND4J); {@link dev.recsys.models.io.ModelFile} reads the same file without ND4J
 * for serving. A file is one zip of parts: {@link dev.recsys.models.io.ModelSpec} (towers,
 * encoders, head settings), the candidate catalogue, the {@link dev.recsys.models.io.Provenance}
 * and the weights, under a manifest with each part's SHA-256 and size; writes are atomic.
 *
 * <p>What the library promises for a bad file: it is refused with a
 * {@link dev.recsys.models.io.ModelFormatException} that names the file and the part at fault
 * (or {@code zip} for the container), never loaded half-way and never with another exception;
 * parts are streamed within {@link dev.recsys.models.io.ModelLimits}, so an oversized part or a
 * zip bomb is refused before it exhausts memory. A missing file is a
 * {@link java.nio.file.NoSuchFileException}, a directory a
 * {@link java.nio.file.FileSystemException} naming the path. Format version 2 is written;
 * versions 1 and 2 are read.
 */
package dev.recsys.models.io;
