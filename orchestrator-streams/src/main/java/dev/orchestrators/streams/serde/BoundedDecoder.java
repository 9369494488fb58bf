package dev.orchestrators.streams.serde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary decoder over one value, refusing any length or item count larger than the bytes left. Avro's own
 * decoder allocates a string, byte array or array as large as the length it reads before reading it, so a few
 * hostile bytes claiming a 2 GB string would exhaust the heap; here such a value is refused before anything is
 * allocated, and every loop over items is bounded by the value's size. Not thread-safe (one per value).
 */
final class BoundedDecoder extends Decoder {
    private final ByteArrayInputStream bytes;
    private final BinaryDecoder in;

    BoundedDecoder(byte[] value, int offset, int length) {
        this.bytes = new ByteArrayInputStream(value, offset, length);
        this.in = DecoderFactory.get().directBinaryDecoder(bytes, null);
    }

    /** Bytes not read yet. */
    int remaining() {
        return bytes.available();
    }

    private int checkedLength(long length, String what) {
        if (length < 0 || length > remaining()) {
            throw new AvroRuntimeException("a " + what + " of " + length + " bytes, with only " + remaining()
                    + " bytes left in the value (truncated or corrupt)");
        }
        return (int) length;
    }

    private long checkedCount(long count) {
        if (count < 0 || count > remaining()) {
            throw new AvroRuntimeException("a block of " + count + " items, with only " + remaining()
                    + " bytes left in the value (truncated or corrupt)");
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength(in.readLong(), "string");
        byte[] data = new byte[length];
        in.readFixed(data, 0, length);
        return new Utf8(data);
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(checkedLength(in.readLong(), "string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength(in.readLong(), "byte string");
        byte[] data = new byte[length];
        in.readFixed(data, 0, length);
        return ByteBuffer.wrap(data);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(checkedLength(in.readLong(), "byte string"));
    }

    @Override
    public void readFixed(byte[] target, int start, int length) throws IOException {
        checkedLength(length, "fixed");
        in.readFixed(target, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(checkedLength(length, "fixed"));
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(in.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return checkedCount(in.skipArray());
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(in.mapNext());
    }

    @Override
    public long skipMap() throws IOException {
        return checkedCount(in.skipMap());
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
