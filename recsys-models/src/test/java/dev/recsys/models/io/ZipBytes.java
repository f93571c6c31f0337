package dev.recsys.models.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Zip files written byte by byte, for the files {@code ZipOutputStream} refuses to make: entries
 * whose declared sizes lie, and deflated streams of a billion zeros made without deflating them
 * (zip bombs). Also writes well-formed model files from raw parts with a correct manifest.
 */
final class ZipBytes {

    /** One entry: its name, method (0 stored, 8 deflated), data as stored, declared sizes and CRC. */
    record Entry(String name, int method, byte[] data, long uncompressedSize, long crc) {}

    private final List<Entry> entries = new ArrayList<>();

    ZipBytes add(Entry entry) {
        entries.add(entry);
        return this;
    }

    /** A deflated entry of {@code content}, sizes and CRC honest. */
    ZipBytes deflated(String name, byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        return add(new Entry(name, 8, out.toByteArray(), content.length, crc.getValue()));
    }

    /** The zip: local headers and data, central directory, end record (no zip64: sizes below 4 GiB). */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Entry e : entries) {
            offsets.add(out.size());
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer local = le(30 + name.length);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x800).putShort((short) e.method())
                    .putInt(0).putInt((int) e.crc()).putInt(e.data().length).putInt((int) e.uncompressedSize())
                    .putShort((short) name.length).putShort((short) 0).put(name);
            out.writeBytes(local.array());
            out.writeBytes(e.data());
        }
        int directory = out.size();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer central = le(46 + name.length);
            central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x800)
                    .putShort((short) e.method()).putInt(0).putInt((int) e.crc()).putInt(e.data().length)
                    .putInt((int) e.uncompressedSize()).putShort((short) name.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(offsets.get(i))
                    .put(name);
            out.writeBytes(central.array());
        }
        int directorySize = out.size() - directory;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(directorySize).putInt(directory).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    void write(Path file) throws IOException {
        Files.write(file, bytes());
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A raw deflate stream of {@code count} zeros, {@code count} a multiple of 1 MiB: the first
     * MiB compressed with a sync flush, then the flushed block of the next MiB repeated (in the
     * steady state a MiB of zeros after a MiB of zeros always compresses to the same bytes), then
     * the final empty block. About 1 KB per MiB, built in microseconds.
     */
    static byte[] deflatedZeros(long count) {
        int mib = 1 << 20;
        if (count % mib != 0 || count < 3L * mib) {
            throw new IllegalArgumentException("count must be a multiple of 1 MiB, at least 3 MiB, found " + count);
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[mib];
        byte[] first = flush(deflater, zeros, Deflater.SYNC_FLUSH);
        byte[] second = flush(deflater, zeros, Deflater.SYNC_FLUSH);
        byte[] third = flush(deflater, zeros, Deflater.SYNC_FLUSH);
        if (!java.util.Arrays.equals(second, third)) {
            throw new IllegalStateException("the deflater's steady state is not periodic here");
        }
        deflater.finish();
        byte[] last = flush(deflater, new byte[0], Deflater.FULL_FLUSH);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        for (long i = 1; i < count / mib; i++) {
            out.writeBytes(second);
        }
        out.writeBytes(last);
        return out.toByteArray();
    }

    private static byte[] flush(Deflater deflater, byte[] input, int mode) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, mode);
            out.write(buffer, 0, n);
        } while (n == buffer.length || (!deflater.needsInput() && !deflater.finished()));
        return out.toByteArray();
    }

    /** A version-2 manifest for parts of the given content: sizes and SHA-256 honest. */
    static byte[] manifest(Map<String, byte[]> parts) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, String> sums = new LinkedHashMap<>();
        parts.forEach((name, content) -> {
            sizes.put(name, (long) content.length);
            sums.put(name, HexFormat.of().formatHex(ModelArchive.sha256().digest(content)));
        });
        return manifest(sums, sizes);
    }

    /** A version-2 manifest with the given checksums and sizes. */
    static byte[] manifest(Map<String, String> sums, Map<String, Long> sizes) {
        StringBuilder json = new StringBuilder("{\"format\":\"recsys-model\",\"formatVersion\":2,\"parts\":{");
        String separator = "";
        for (Map.Entry<String, String> sum : sums.entrySet()) {
            json.append(separator).append('"').append(sum.getKey()).append("\":{\"sha256\":\"").append(sum.getValue())
                    .append("\",\"size\":").append(sizes.get(sum.getKey())).append('}');
            separator = ",";
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code parts} and their honest manifest as a deflated zip. */
    static void writeModel(Path file, Map<String, byte[]> parts) throws IOException {
        ZipBytes zip = new ZipBytes();
        parts.forEach(zip::deflated);
        zip.deflated(ModelArchive.MANIFEST, manifest(parts));
        zip.write(file);
    }
}
