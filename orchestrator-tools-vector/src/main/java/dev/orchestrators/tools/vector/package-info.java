/**
 * The {@code vector-search} tool: semantic search over documents, with real embeddings.
 *
 * <p>Embeddings come from all-MiniLM-L6-v2 run in process by ONNX Runtime (the model ships in a Maven jar: no network;
 * {@code embeddings=minilm}, or its quantized variant {@code minilm-q}) or from an OpenAI-compatible HTTP API
 * ({@code embeddings=http}). Vectors are searched in an on-disk (or in-memory) Lucene HNSW index built from a JSON Lines
 * file or a table, rebuilt only when its source changes, or in PostgreSQL with pgvector.
 *
 * <pre>{@code
 * tool.vector_search.type=vector-search
 * tool.vector_search.source.jsonl=classpath:samples/companies.jsonl
 * tool.vector_search.id.field=domain
 * tool.vector_search.text.field=description
 * }</pre>
 * A call {@code {"query": "rocket engines", "top_k": 3}} answers
 * {@code {"records": [{...stored fields..., "score": 0.61}, ...], "scores": [0.61, ...]}}. See {@code docs/tools.md}.
 */
package dev.orchestrators.tools.vector;
