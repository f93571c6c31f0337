package dev.recsys.core.topk;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * An immutable copy of a built HNSW graph in compressed-row form: per level, the nodes on it
 * (level 0: all of them), each node's neighbours in one {@code int[]} and the offsets into it.
 *
 * <p>Lucene's {@code OnHeapHnswGraph} reads neighbours through a cursor held in the graph
 * ({@code seek}, then {@code nextNeighbor}), so two threads cannot search it at once, and it keeps
 * a score per edge and spare room per node that a finished graph does not need. Here the arrays
 * are shared and every search gets its own small cursor from {@link #view()}.
 */
final class CompactHnswGraph {

    private final int size;
    private final int entryNode;
    /** {@code nodes[level]} sorted node ids on the level; {@code nodes[0]} is null (every node). */
    private final int[][] nodes;
    /** {@code offsets[level][i]} start of the i-th node's neighbours; one extra entry at the end. */
    private final int[][] offsets;
    private final int[][] neighbors;

    CompactHnswGraph(int size, int entryNode, int[][] nodes, int[][] offsets, int[][] neighbors) {
        this.size = size;
        this.entryNode = entryNode;
        this.nodes = nodes;
        this.offsets = offsets;
        this.neighbors = neighbors;
    }

    /** Copies a finished graph of {@code size} nodes; the source is only read. */
    static CompactHnswGraph copyOf(HnswGraph graph, int size) throws IOException {
        int levels = graph.numLevels();
        int[][] nodes = new int[levels][];
        int[][] offsets = new int[levels][];
        int[][] neighbors = new int[levels][];
        for (int level = 0; level < levels; level++) {
            int[] onLevel = level == 0 ? null : HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
            int count = level == 0 ? size : onLevel.length;
            int[] starts = new int[count + 1];
            int[] edges = new int[Math.max(16, count * 8)];
            int used = 0;
            for (int i = 0; i < count; i++) {
                graph.seek(level, level == 0 ? i : onLevel[i]);
                for (int next = graph.nextNeighbor(); next != DocIdSetIterator.NO_MORE_DOCS; next = graph.nextNeighbor()) {
                    if (used == edges.length) {
                        edges = Arrays.copyOf(edges, edges.length + (edges.length >> 1));
                    }
                    edges[used++] = next;
                }
                starts[i + 1] = used;
            }
            nodes[level] = onLevel;
            offsets[level] = starts;
            neighbors[level] = Arrays.copyOf(edges, used);
        }
        return new CompactHnswGraph(size, graph.entryNode(), nodes, offsets, neighbors);
    }

    /** A read cursor for one search at a time; cheap to make. */
    HnswGraph view() {
        return new View();
    }

    int size() {
        return size;
    }

    int entryNode() {
        return entryNode;
    }

    int levels() {
        return offsets.length;
    }

    /** Sorted nodes of a level above 0. */
    int[] nodes(int level) {
        return nodes[level];
    }

    int[] offsets(int level) {
        return offsets[level];
    }

    int[] neighbors(int level) {
        return neighbors[level];
    }

    /** Bytes of the arrays held. */
    long bytes() {
        long bytes = 0;
        for (int level = 0; level < levels(); level++) {
            bytes += 4L * offsets[level].length + 4L * neighbors[level].length;
            bytes += nodes[level] == null ? 0 : 4L * nodes[level].length;
        }
        return bytes;
    }

    /** Edges on level 0 per node, on average. */
    double meanDegree() {
        return neighbors[0].length / (double) size;
    }

    private final class View extends HnswGraph {
        private int[] current = neighbors[0];
        private int at;
        private int end;

        @Override
        public void seek(int level, int target) {
            int index = level == 0 ? target : Arrays.binarySearch(nodes[level], target);
            if (index < 0) {
                throw new IllegalStateException("node " + target + " is not on level " + level);
            }
            current = neighbors[level];
            at = offsets[level][index];
            end = offsets[level][index + 1];
        }

        @Override
        public int nextNeighbor() {
            return at < end ? current[at++] : DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int numLevels() {
            return offsets.length;
        }

        @Override
        public int entryNode() {
            return entryNode;
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) {
            return level == 0 ? new ArrayNodesIterator(size) : new ArrayNodesIterator(nodes[level], nodes[level].length);
        }
    }
}
