package dev.orchestrators.tools.vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * How the quantized model ranks the samples' company corpus next to the full one, by exact cosine similarity (no
 * index in between): for each query, the first three companies of each and the largest score difference.
 */
final class QuantizedRanking {
    static final List<String> QUERIES = List.of("rocket engines", "acme", "keeping vaccines cold during transport",
            "electricity from wind at sea", "my dog is sick", "quantum computers", "banking software", "pay my staff",
            "hack attack on our network", "solar panels on my roof", "robots", "stark");

    /** One query's first three companies by each model, and the largest difference of a company's score between them. */
    record Ranking(String query, List<String> full, List<String> quantized, double largestScoreDifference) {
    }

    private QuantizedRanking() {
    }

    static List<Ranking> rank() {
        List<Corpus.Document> documents = new JsonlSource(Fixtures.COMPANIES.toString(), "domain",
                List.of("name", "industry", "description")).read().documents();
        List<String> texts = documents.stream().map(Corpus.Document::text).toList();
        OnnxEmbedder full = OnnxEmbedder.minilm(false);
        OnnxEmbedder quantized = OnnxEmbedder.minilm(true);
        List<float[]> fullDocs = full.embed(texts).join();
        List<float[]> quantizedDocs = quantized.embed(texts).join();
        List<Ranking> out = new ArrayList<>();
        for (String query : QUERIES) {
            double[] a = scores(full.embed(List.of(query)).join().get(0), fullDocs);
            double[] b = scores(quantized.embed(List.of(query)).join().get(0), quantizedDocs);
            double largest = IntStream.range(0, a.length).mapToDouble(i -> Math.abs(a[i] - b[i])).max().orElse(0);
            out.add(new Ranking(query, top3(a, documents), top3(b, documents), largest));
        }
        return out;
    }

    static void print() {
        for (Ranking r : rank()) {
            System.out.printf(Locale.ROOT, "%-40s full %s | quantized %s | largest score difference %.3f%n", r.query(),
                    r.full(), r.quantized(), r.largestScoreDifference());
        }
    }

    private static double[] scores(float[] query, List<float[]> documents) {
        double[] out = new double[documents.size()];
        for (int d = 0; d < out.length; d++) {
            float[] doc = documents.get(d);
            double dot = 0;
            for (int i = 0; i < doc.length; i++) {
                dot += query[i] * doc[i];
            }
            out[d] = dot;
        }
        return out;
    }

    private static List<String> top3(double[] scores, List<Corpus.Document> documents) {
        return IntStream.range(0, scores.length).boxed().sorted(Comparator.comparingDouble(i -> -scores[i])).limit(3)
                .map(i -> documents.get(i).id()).toList();
    }
}
