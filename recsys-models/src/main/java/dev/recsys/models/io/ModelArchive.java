package dev.recsys.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The container of a model file: a zip of named parts and a {@code manifest.json} that gives the
 * format version and each part's SHA-256 (and, from version 2, its size). Writes atomically;
 * reads part by part as streams, with limits, so a part is checked against what it declares
 * before and while it is read, never loaded whole first.
 *
 * <p>Manifest of version 2:
 * {@code {"format":"recsys-model","formatVersion":2,"parts":{"weights.bin":{"sha256":"…","size":123},…}}};
 * version 1 mapped each part name to its SHA-256 alone. The manifest is the last entry written
 * (it needs the parts' checksums) and its own integrity rests on zip's CRC-32, checked on read.
 */
final class ModelArchive implements Closeable {

    static final String FORMAT = "recsys-model";
    static final String MANIFEST = "manifest.json";
    /** The versions {@link #open} reads. */
    static final int OLDEST_VERSION = 1;
    static final int NEWEST_VERSION = 2;

    /** Writes one part's bytes. */
    @FunctionalInterface
    interface PartWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Reads one part from its stream; {@link PartInput#remaining()} says how much more it may hold. */
    @FunctionalInterface
    interface PartParser<T> {
        T parse(PartInput in) throws IOException;
    }

    /** What the manifest declares of a part: its SHA-256, and its size (-1 in version 1). */
    private record Declared(String sha256, long size) {}

    private final Path file;
    private final ZipFile zip;
    private final int formatVersion;
    private final Map<String, Declared> declared;
    private final ModelLimits limits;

    private ModelArchive(Path file, ZipFile zip, int formatVersion, Map<String, Declared> declared, ModelLimits limits) {
        this.file = file;
        this.zip = zip;
        this.formatVersion = formatVersion;
        this.declared = declared;
        this.limits = limits;
    }

    /**
     * Opens a model file and reads its manifest.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws FileSystemException if the path is a directory
     * @throws ModelFormatException if it is not a zip, lacks a valid manifest or has an
     *     unsupported format version
     * @throws IOException if reading fails
     */
    static ModelArchive open(Path file, ModelLimits limits) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, expected a model file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException | EOFException | RuntimeException e) {
            // the JDK's checks of the end record and the central directory (ZipException), an end
            // record pointing past the end of the file (EOFException), and whatever a damaged
            // directory makes escape them; other IOExceptions (an unreadable file) stay I/O errors
            throw new ModelFormatException(file, ModelFormatException.CONTAINER,
                    "not a zip file, or a damaged or truncated one: " + e, e);
        }
        try {
            ModelArchive archive = readManifest(file, zip, limits);
            zip = null;
            return archive;
        } finally {
            if (zip != null) {
                zip.close();
            }
        }
    }

    private static ModelArchive readManifest(Path file, ZipFile zip, ModelLimits limits) throws IOException {
        ZipEntry entry = entry(file, zip, MANIFEST);
        if (entry == null) {
            throw new ModelFormatException(file, MANIFEST, "missing part " + MANIFEST + " (not a recsys model file?)");
        }
        if (entry.getSize() > ModelLimits.MAX_MANIFEST_BYTES) {
            throw new ModelFormatException(file, MANIFEST, "declares " + entry.getSize() + " bytes, more than the "
                    + ModelLimits.MAX_MANIFEST_BYTES + " a manifest may hold");
        }
        byte[] bytes;
        try (InputStream raw = stream(file, zip, entry, MANIFEST)) {
            bytes = new PartInput(file, MANIFEST, raw,
                    entry.getSize() >= 0 ? entry.getSize() : ModelLimits.MAX_MANIFEST_BYTES).readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new ModelFormatException(file, MANIFEST, "CRC-32 mismatch: the zip says "
                    + Long.toHexString(entry.getCrc()) + ", the content gives " + Long.toHexString(crc.getValue()));
        }
        JsonNode manifest;
        try {
            manifest = ModelFile.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ModelFormatException(file, MANIFEST, "malformed: " + e.getMessage(), e);
        }
        if (manifest == null || !manifest.isObject()) {
            throw new ModelFormatException(file, MANIFEST, "malformed: expected a JSON object");
        }
        String format = manifest.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new ModelFormatException(file, MANIFEST, "format is '" + format + "', expected '" + FORMAT + "'");
        }
        JsonNode versionNode = manifest.path("formatVersion");
        int version = versionNode.canConvertToInt() && versionNode.isIntegralNumber() ? versionNode.intValue() : -1;
        if (version < OLDEST_VERSION || version > NEWEST_VERSION) {
            throw new ModelFormatException(file, MANIFEST, "unsupported format version " + versionNode
                    + ", this library reads versions " + OLDEST_VERSION + " to " + NEWEST_VERSION);
        }
        JsonNode parts = manifest.path("parts");
        if (!parts.isObject()) {
            throw new ModelFormatException(file, MANIFEST, "malformed: expected an object of parts, found " + parts);
        }
        Map<String, Declared> declared = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> part : parts.properties()) {
            JsonNode value = part.getValue();
            JsonNode sha = version == 1 ? value : value.path("sha256");
            JsonNode size = version == 1 ? null : value.path("size");
            if (!sha.isTextual() || !sha.asText().matches("[0-9a-f]{64}")
                    || (size != null && !(size.isIntegralNumber() && size.canConvertToLong() && size.longValue() >= 0))) {
                throw new ModelFormatException(file, MANIFEST, "malformed entry for part " + part.getKey() + ": " + value);
            }
            declared.put(part.getKey(), new Declared(sha.asText(), size == null ? -1 : size.longValue()));
        }
        return new ModelArchive(file, zip, version, declared, limits);
    }

    /** The format version of the manifest. */
    int formatVersion() {
        return formatVersion;
    }

    /** Whether the manifest lists {@code part} (for optional parts). */
    boolean has(String part) {
        return declared.containsKey(part);
    }

    /**
     * Streams a part through {@code parser}: the part must be listed in the manifest and present
     * in the zip, declare no more than the limit, hold exactly what it declares, and match its
     * SHA-256; only then is the parsed value returned.
     *
     * @throws ModelFormatException naming the part when any of that fails or the parser refuses the content
     */
    <T> T read(String part, PartParser<T> parser) throws IOException {
        Declared expected = declared.get(part);
        if (expected == null) {
            throw new ModelFormatException(file, part, "missing part " + part + " in the manifest");
        }
        ZipEntry entry = entry(file, zip, part);
        if (entry == null) {
            throw new ModelFormatException(file, part, "missing part " + part + " in the zip");
        }
        long zipSize = entry.getSize();
        if (expected.size() >= 0 && zipSize >= 0 && zipSize != expected.size()) {
            throw new ModelFormatException(file, part, "the zip declares " + zipSize + " bytes, the manifest "
                    + expected.size());
        }
        long size = expected.size() >= 0 ? expected.size() : zipSize;
        if (size > limits.maxPartBytes()) {
            throw new ModelFormatException(file, part, "declares " + size + " bytes, more than the limit of "
                    + limits.maxPartBytes() + " (ModelLimits.maxPartBytes)");
        }
        long bound = size >= 0 ? size : limits.maxPartBytes();
        try (InputStream raw = stream(file, zip, entry, part)) {
            PartInput in = new PartInput(file, part, raw, bound);
            T value = null;
            Exception refused = null;
            try {
                value = parser.parse(in);
            } catch (IOException | RuntimeException e) {
                ModelFormatException container = in.failure();
                if (container != null) {
                    throw container;
                }
                refused = e;
            }
            in.drain();
            if (size >= 0 && in.count() != size) {
                throw new ModelFormatException(file, part, "holds " + in.count() + " bytes, declares " + size
                        + " (truncated?)");
            }
            String sha = in.sha256();
            if (!sha.equals(expected.sha256())) {
                throw new ModelFormatException(file, part, "checksum mismatch: expected sha256 " + expected.sha256()
                        + ", found " + sha + " (file altered or truncated)", refused);
            }
            if (refused != null) {
                throw new ModelFormatException(file, part, "malformed: " + refused.getMessage(), refused);
            }
            return value;
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static ZipEntry entry(Path file, ZipFile zip, String part) throws ModelFormatException {
        try {
            return zip.getEntry(part);
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, ModelFormatException.CONTAINER, "damaged zip directory: " + e, e);
        }
    }

    private static InputStream stream(Path file, ZipFile zip, ZipEntry entry, String part) throws IOException {
        try {
            return zip.getInputStream(entry);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(file, part, "damaged zip entry: " + e.getMessage(), e);
        }
    }

    // ---- writing

    /**
     * Writes the parts and their manifest to {@code file} atomically: into a temporary sibling,
     * forced to disk, then renamed over {@code file}; a failure leaves {@code file} as it was.
     *
     * @param parts part name to writer, in zip order
     * @param wrap wraps the file's output stream (tests make writes fail with it)
     */
    static void write(Path file, Map<String, PartWriter> parts, UnaryOperator<OutputStream> wrap) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // a sibling, so the final rename stays within one file system; created with the default
        // permissions (not createTempFile's owner-only ones) so the saved file is readable as usual
        Path temp = target.resolveSibling(target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(
                         wrap.apply(Channels.newOutputStream(channel))))) {
                ObjectNode manifest = ModelFile.JSON.createObjectNode()
                        .put("format", FORMAT).put("formatVersion", NEWEST_VERSION);
                ObjectNode sums = manifest.putObject("parts");
                for (Map.Entry<String, PartWriter> part : parts.entrySet()) {
                    zip.putNextEntry(new ZipEntry(part.getKey()));
                    DigestingOutput out = new DigestingOutput(zip);
                    part.getValue().write(out);
                    out.flush();
                    zip.closeEntry();
                    sums.putObject(part.getKey()).put("sha256", out.sha256()).put("size", out.count());
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ModelFile.JSON.writerWithDefaultPrettyPrinter().writeValue(bytes, manifest);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                bytes.writeTo(zip);
                zip.closeEntry();
                zip.finish();
                zip.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    static MessageDigest sha256() {
        return Provenance.sha256();
    }

    /** Counts and digests what a part writer writes, and never closes the zip under it. */
    private static final class DigestingOutput extends FilterOutputStream {
        private final MessageDigest digest = ModelArchive.sha256();
        private long count;

        DigestingOutput(OutputStream zip) {
            super(zip);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        long count() {
            return count;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
