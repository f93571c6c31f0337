package dev.recsys.core.topk.internal;

/**
 * Keeps the best {@code k} of a stream of (score, position) pairs in a bounded min-heap over
 * primitive arrays, without sorting the stream: the selector of the exact index, public so that
 * the benchmarks can pair it with other scoring paths.
 *
 * <p>Positions must be offered in increasing order. A newcomer then loses every tie with what the
 * heap holds, so "is it better than the worst kept?" is the single comparison
 * {@code score > worst}, and equal scores end up ordered by position, lower first.
 */
public final class TopKHeap {

    private final int capacity;
    private final float[] scores;
    private final int[] positions;
    private int size;

    /** @param capacity the k to keep; at least 1 */
    public TopKHeap(int capacity) {
        this.capacity = capacity;
        this.scores = new float[capacity];
        this.positions = new int[capacity];
    }

    /** Whether a score would enter the heap; callers test this before anything costlier. */
    public boolean accepts(float score) {
        return size < capacity || score > scores[0];
    }

    /** Whether the heap holds k pairs, so that a newcomer must beat {@link #worst()}. */
    public boolean isFull() {
        return size == capacity;
    }

    /** Lowest score kept; only meaningful when {@link #isFull()}. */
    public float worst() {
        return scores[0];
    }

    /** Adds a pair that {@link #accepts(float)} said would enter. */
    public void push(float score, int position) {
        if (size < capacity) {
            int i = size++;
            // Sift up: the parent must be worse than the child.
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(score, position, scores[parent], positions[parent])) {
                    break;
                }
                scores[i] = scores[parent];
                positions[i] = positions[parent];
                i = parent;
            }
            scores[i] = score;
            positions[i] = position;
        } else {
            siftDown(score, position, size);
        }
    }

    /** Number of pairs held. */
    public int size() {
        return size;
    }

    /**
     * Empties the heap, best first, into {@code positions[0, size())} and {@code scores[0, size())}.
     *
     * @return the number of pairs written, the former {@link #size()}
     */
    public int drain(int[] positions, float[] scores) {
        int n = size;
        // Pop the worst repeatedly and fill from the back: a heapsort of k elements only.
        for (int r = n - 1; r >= 0; r--) {
            positions[r] = this.positions[0];
            scores[r] = this.scores[0];
            size--;
            if (size > 0) {
                siftDown(this.scores[size], this.positions[size], size);
            }
        }
        return n;
    }

    /** Puts (score, position) at the root of a heap of {@code n} elements and restores order. */
    private void siftDown(float score, int position, int n) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && worse(scores[child + 1], positions[child + 1], scores[child], positions[child])) {
                child++;
            }
            if (!worse(scores[child], positions[child], score, position)) {
                break;
            }
            scores[i] = scores[child];
            positions[i] = positions[child];
            i = child;
        }
        scores[i] = score;
        positions[i] = position;
    }

    /** The tie rule: lower score is worse; at equal scores the higher position is worse. */
    private static boolean worse(float s1, int p1, float s2, int p2) {
        return s1 < s2 || (s1 == s2 && p1 > p2);
    }
}
