package io.coditect.store;

import com.apple.foundationdb.subspace.Subspace;
import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The byte format of versionstamped keys as FoundationDB's API 520 and later takes them: the key
 * with a 10-byte placeholder, followed by the placeholder's offset as 4 little-endian bytes. A
 * backend without FoundationDB's commit versions fills in its own with {@link #complete}.
 */
public final class Versionstamps {
    public static final int STAMP_BYTES = 10;
    public static final int OFFSET_BYTES = 4;
    private static final int USER_VERSION_BYTES = 2;

    private Versionstamps() {
    }

    /**
     * The key {@code subspace + prefix + versionstamp(userVersion)} for
     * {@link Transaction#setVersionstampedKey}, with its stamp to be filled in at commit. The tuple
     * layer's own {@code packWithVersionstamp} asks the native client which offset format to use,
     * which loads {@code libfdb_c} even for the embedded store: this packs a zero stamp in its place
     * and appends the offset in API 520's format (the stamp is the last element, so its 10 bytes
     * start 12 bytes before the end, its 2-byte user version last).
     */
    public static byte[] key(Subspace subspace, Tuple prefix, int userVersion) {
        byte[] packed = subspace.pack(prefix.add(Versionstamp.complete(new byte[STAMP_BYTES], userVersion)));
        int offset = packed.length - STAMP_BYTES - USER_VERSION_BYTES;
        return ByteBuffer.allocate(packed.length + OFFSET_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(packed).putInt(offset).array();
    }

    /** Where the stamp goes, as the last 4 bytes say. */
    static int offset(byte[] keyWithOffset) {
        return ByteBuffer.wrap(keyWithOffset, keyWithOffset.length - OFFSET_BYTES, OFFSET_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * The stored key: the offset dropped, the placeholder replaced by {@code commitVersion} (8 bytes,
     * big endian, so keys sort by version) and {@code batchOrder} (2 bytes).
     */
    public static byte[] complete(byte[] keyWithOffset, long commitVersion, short batchOrder) {
        int offset = offset(keyWithOffset);
        byte[] key = Arrays.copyOf(keyWithOffset, keyWithOffset.length - OFFSET_BYTES);
        ByteBuffer.wrap(key, offset, STAMP_BYTES).putLong(commitVersion).putShort(batchOrder);
        return key;
    }
}
