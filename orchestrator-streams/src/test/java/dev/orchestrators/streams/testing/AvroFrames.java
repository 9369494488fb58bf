package dev.orchestrators.streams.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The schema-registry wire format written and read with nothing but Apache Avro, the way any producer or consumer
 * does it (byte 0, the schema id as 4 big-endian bytes, the Avro binary), independent of the runtime's own code, so
 * that tests of that code can fail.
 */
public final class AvroFrames {
    private AvroFrames() {
    }

    /** {@code value}, written with {@code writer}, framed with schema id {@code id}. */
    public static byte[] frame(int id, Schema writer, GenericRecord value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer).write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The schema id of a framed value. */
    public static int idOf(byte[] framed) {
        if (framed.length < 5 || framed[0] != 0) {
            throw new IllegalArgumentException("not in the registry wire format: " + Arrays.toString(Arrays.copyOf(framed, 5)));
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    /** The Avro value of a framed value, read with the schema it was written with. */
    public static GenericRecord read(byte[] framed, Schema writer) {
        idOf(framed);
        try {
            return new GenericDatumReader<GenericRecord>(writer).read(null,
                    DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
