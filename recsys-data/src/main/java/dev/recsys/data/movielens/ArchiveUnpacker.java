package dev.recsys.data.movielens;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Unzips a dataset archive whose entries all lie under one top folder. */
final class ArchiveUnpacker {

    private ArchiveUnpacker() {
    }

    /**
     * Unzips {@code zip} into {@code into}, which then holds {@code topFolder}.
     *
     * @throws ZipException when an entry would land outside {@code into/topFolder} (zip slip,
     *     absolute names, other top folders) or the archive has no such folder
     */
    static void unzip(Path zip, Path into, String topFolder) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        Path top = root.resolve(topFolder);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path destination = root.resolve(entry.getName()).normalize();
                if (!destination.startsWith(top)) {
                    throw new ZipException(zip + ": entry \"" + entry.getName() + "\" lies outside "
                            + topFolder + "/");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, destination);
                    }
                }
            }
        }
        if (!Files.isDirectory(top)) {
            throw new ZipException(zip + ": expected a top folder " + topFolder + "/, found none");
        }
    }
}
