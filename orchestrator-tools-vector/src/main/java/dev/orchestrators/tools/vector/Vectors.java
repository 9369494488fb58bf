package dev.orchestrators.tools.vector;

import dev.orchestrators.core.errors.PermanentException;

/** Vector arithmetic the indexes share. Stateless. */
final class Vectors {
    private Vectors() {
    }

    /**
     * {@code vector} scaled to unit length (a copy).
     *
     * @throws PermanentException {@code BadEmbedding} when it is empty, zero or holds a NaN or an infinity
     */
    static float[] normalized(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (vector.length == 0 || !(sum > 0) || !Double.isFinite(sum)) {
            throw new PermanentException("BadEmbedding", "an embedding of " + vector.length
                    + " dimensions is empty, zero or not finite: it cannot be compared with others", null);
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }

    /** The cosine similarity of unit vectors whose Lucene {@code DOT_PRODUCT} score is {@code score} ({@code (1 + dot) / 2}). */
    static double cosineOfLuceneScore(float score) {
        return Math.max(-1.0, Math.min(1.0, 2.0 * score - 1.0));
    }

    /** {@code vector} as pgvector's text form, {@code [0.1,-0.2,...]}: only digits, signs, dots, exponents and commas. */
    static String pgvectorLiteral(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 12 + 2).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(Float.toString(vector[i]));
        }
        return out.append(']').toString();
    }

    /** {@code score} rounded to four decimals, as results show it. */
    static double rounded(double score) {
        return Math.round(score * 10_000.0) / 10_000.0;
    }
}
