package io.coditect.store.embedded;

import io.coditect.store.UnsignedBytes;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ByteArrayDataType;

/** MVStore keys as raw bytes in FoundationDB order (MVStore's byte[] type has no order of its own). */
final class KeyType extends BasicDataType<byte[]> {
    static final KeyType INSTANCE = new KeyType();

    private KeyType() {
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return UnsignedBytes.compare(a, b);
    }

    @Override
    public int getMemory(byte[] key) {
        return ByteArrayDataType.INSTANCE.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, byte[] key) {
        ByteArrayDataType.INSTANCE.write(buffer, key);
    }

    @Override
    public byte[] read(ByteBuffer buffer) {
        return ByteArrayDataType.INSTANCE.read(buffer);
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }
}
