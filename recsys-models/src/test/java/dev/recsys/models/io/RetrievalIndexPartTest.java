package dev.recsys.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.core.topk.IndexChoice;
import dev.recsys.models.WideCatalog;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.RetrievalModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional {@value ModelFile#RETRIEVAL_INDEX} part: stored only when the index choice asks
 * for a graph, checked like every part, and refused when it does not belong to the file's
 * embeddings.
 */
class RetrievalIndexPartTest {

    private static final IndexChoice GRAPH = IndexChoice.builder().annThreshold(1).threads(1).build();

    @Test
    void thePartIsWrittenOnlyWhenTheChoiceAsksForAGraph(@TempDir Path dir) throws Exception {
        RetrievalModel model = WideCatalog.retrieval(5);
        try {
            Path exact = dir.resolve("exact.zip");
            Path graph = dir.resolve("graph.zip");
            SavedModel.builder().retrieval(model).build().save(exact);
            SavedModel.builder().retrieval(model).index(GRAPH).build().save(graph);
            assertThat(ModelFileTest.unzip(Files.readAllBytes(exact))).doesNotContainKey(ModelFile.RETRIEVAL_INDEX);
            assertThat(ModelFileTest.unzip(Files.readAllBytes(graph))).containsKey(ModelFile.RETRIEVAL_INDEX);
            // the trainable view loads either file the same way
            try (SavedModel loaded = SavedModel.load(graph)) {
                assertThat(loaded.retrieval()).isPresent();
            }
        } finally {
            WideCatalog.close(model);
        }
    }

    @Test
    void aGraphOfOtherEmbeddingsIsRefusedNamingThePart(@TempDir Path dir) throws Exception {
        RetrievalModel first = WideCatalog.retrieval(5);
        RetrievalModel second = WideCatalog.retrieval(6);
        try {
            Path a = dir.resolve("a.zip");
            Path b = dir.resolve("b.zip");
            SavedModel.builder().retrieval(first).index(GRAPH).build().save(a);
            SavedModel.builder().retrieval(second).index(GRAPH).build().save(b);
            // b's parts with a's graph, under an honest manifest: every checksum passes
            Map<String, byte[]> parts = ModelFileTest.unzip(Files.readAllBytes(b));
            parts.remove(ModelArchive.MANIFEST);
            parts.put(ModelFile.RETRIEVAL_INDEX, ModelFileTest.unzip(Files.readAllBytes(a)).get(ModelFile.RETRIEVAL_INDEX));
            Path spliced = dir.resolve("spliced.zip");
            ZipBytes.writeModel(spliced, parts);
            assertThatThrownBy(() -> Recommender.load(spliced, ModelLimits.defaults(), GRAPH))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining(ModelFile.RETRIEVAL_INDEX)
                    .hasMessageContaining("was not built over");
            // an exact reader does not read the part, so the file serves
            assertThat(Recommender.load(spliced).retrievesExactly()).isTrue();
        } finally {
            WideCatalog.close(first);
            WideCatalog.close(second);
        }
    }

    @Test
    void aDamagedGraphIsRefusedNamingThePart(@TempDir Path dir) throws Exception {
        RetrievalModel model = WideCatalog.retrieval(5);
        try {
            Path file = dir.resolve("model.zip");
            SavedModel.builder().retrieval(model).index(GRAPH).build().save(file);
            Map<String, byte[]> parts = ModelFileTest.unzip(Files.readAllBytes(file));
            parts.remove(ModelArchive.MANIFEST);
            byte[] index = parts.get(ModelFile.RETRIEVAL_INDEX);
            index[index.length / 2] ^= 1;
            Path damaged = dir.resolve("damaged.zip");
            // an honest manifest for the damaged bytes: the index's own CRC-32C must catch it
            ZipBytes.writeModel(damaged, parts);
            assertThatThrownBy(() -> Recommender.load(damaged, ModelLimits.defaults(), GRAPH))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining(ModelFile.RETRIEVAL_INDEX);
        } finally {
            WideCatalog.close(model);
        }
    }
}
