package org.segadapt.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.nd.HostArrays;

/**
 * The safetensors format (Hugging Face): 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}}, then the raw
 * little-endian tensor bytes. F16/BF16/F64 are read as F32, integer tensors (BatchNorm's {@code num_batches_tracked})
 * as integers; every error names the file and the tensor. Writing is F32 only, to a temporary file renamed into place.
 *
 * <p>Not DJL's {@code NDList.decode}: it does keep the names, but a BF16 tensor aborts the JVM inside libtorch
 * (0.35.1 / 2.7.1), and it cannot tell which tensor of which file is broken.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> BYTES = Map.of("F64", 8, "F32", 4, "F16", 2, "BF16", 2, "I64", 8, "I32", 4,
            "I16", 2, "I8", 1, "U8", 1, "BOOL", 1);
    /** Headers beyond this are not weight files (the reference implementation caps at 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    /** One header entry. */
    public record Entry(String dtype, long[] shape, long begin, long end) {}

    /** The parsed header: tensors in file order and the free-form metadata. */
    public record Header(Map<String, Entry> tensors, Map<String, String> metadata, long dataStart) {}

    private Safetensors() {}

    /** Parses and validates the header of {@code file} (dtypes, shapes against byte ranges, ranges against the file size). */
    public static Header header(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        long size = Files.size(file);
        if (size < 8) {
            throw new IOException(file + ": not a safetensors file (" + size + " bytes, shorter than the 8-byte header length)");
        }
        byte[] json;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (len.hasRemaining() && ch.read(len) >= 0) {
                // fill
            }
            byte[] first = len.array().clone();
            long n = len.flip().getLong();
            if (n <= 1 || n > MAX_HEADER || 8 + n > size) {
                throw new IOException(file + ": not a safetensors file (" + (looksLikeTorchSave(first)
                        ? "a PyTorch torch.save file: convert it to safetensors first, see import-weights --help"
                        : "header length " + n + " does not fit a " + size + "-byte file") + ")");
            }
            ByteBuffer h = ByteBuffer.allocate((int) n);
            while (h.hasRemaining() && ch.read(h) >= 0) {
                // fill
            }
            json = h.array();
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8).trim());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": safetensors header is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": safetensors header is not a JSON object");
        }
        long dataStart = 8 + json.length;
        long dataSize = size - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(name, entry(file, name, v, dataSize));
        }
        return new Header(tensors, metadata, dataStart);
    }

    /** torch.save output: a zip archive (PyTorch ≥ 1.6) or a bare pickle (protocol 2+ starts with 0x80). */
    private static boolean looksLikeTorchSave(byte[] first) {
        return first[0] == 'P' && first[1] == 'K' || (first[0] & 0xFF) == 0x80;
    }

    private static Entry entry(Path file, String name, JsonNode v, long dataSize) throws IOException {
        String where = file + ": tensor '" + name + "'";
        if (!v.isObject() || !v.has("dtype") || !v.has("shape") || !v.has("data_offsets")) {
            throw new IOException(where + ": header entry needs dtype, shape and data_offsets");
        }
        String dtype = v.get("dtype").asText();
        Integer width = BYTES.get(dtype);
        if (width == null) {
            throw new IOException(where + ": unsupported dtype " + dtype + " (F32, F16, BF16, F64 or integers)");
        }
        JsonNode s = v.get("shape");
        long[] shape = new long[s.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new IOException(where + ": bad shape " + s);
            }
            count *= shape[i];
        }
        JsonNode o = v.get("data_offsets");
        long begin = o.size() == 2 ? o.get(0).asLong(-1) : -1;
        long end = o.size() == 2 ? o.get(1).asLong(-1) : -1;
        if (begin < 0 || end < begin || end > dataSize) {
            throw new IOException(where + ": data_offsets " + o + " outside the " + dataSize + " data bytes (truncated file?)");
        }
        if (end - begin != count * width) {
            throw new IOException(where + ": " + (end - begin) + " bytes for shape " + s + " of " + dtype + " (expected "
                    + count * width + ")");
        }
        return new Entry(dtype, shape, begin, end);
    }

    /**
     * Reads every tensor of {@code file} onto {@code manager}, by name in file order: floating-point tensors as F32,
     * integer tensors as INT64/INT32.
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        Header h = header(file);
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (var e : h.tensors().entrySet()) {
                Entry t = e.getValue();
                ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN);
                long pos = h.dataStart() + t.begin();
                while (b.hasRemaining()) {
                    int n = ch.read(b, pos + b.position());
                    if (n < 0) {
                        throw new IOException(file + ": tensor '" + e.getKey() + "': unexpected end of file");
                    }
                }
                b.flip();
                NDArray a = decode(b, t, manager, file, e.getKey());
                a.setName(e.getKey());
                out.put(e.getKey(), a);
            }
        }
        return out;
    }

    private static NDArray decode(ByteBuffer b, Entry t, NDManager manager, Path file, String name) throws IOException {
        Shape shape = new Shape(t.shape());
        int n = Math.toIntExact(shape.size());
        switch (t.dtype()) {
            case "F32" -> {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                return HostArrays.owned(manager.create(v, shape), manager.getDevice());
            }
            case "F16", "BF16" -> {
                float[] v = new float[n];
                boolean brain = t.dtype().equals("BF16");
                for (int i = 0; i < n; i++) {
                    int bits = b.getShort() & 0xFFFF;
                    v[i] = brain ? Float.intBitsToFloat(bits << 16) : halfToFloat(bits);
                }
                return HostArrays.owned(manager.create(v, shape), manager.getDevice());
            }
            case "F64" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) b.getDouble();
                }
                return HostArrays.owned(manager.create(v, shape), manager.getDevice());
            }
            case "I64" -> {
                long[] v = new long[n];
                b.asLongBuffer().get(v);
                return HostArrays.owned(manager.create(v, shape), manager.getDevice());
            }
            case "I32" -> {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                return HostArrays.owned(manager.create(v, shape), manager.getDevice());
            }
            default -> {
                // I16, I8, U8, BOOL: never weights; kept as int32 so that the name can still be reported
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (t.dtype()) {
                        case "I16" -> b.getShort();
                        case "I8" -> b.get();
                        default -> b.get() & 0xFF;
                    };
                }
                return HostArrays.owned(manager.create(v, shape), manager.getDevice());
            }
        }
    }

    /** IEEE 754 binary16 to float (normal, subnormal, inf, NaN). */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mant << 13);
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    /**
     * Writes {@code tensors} (any float type, stored as F32) in the given order with {@code metadata}; the file
     * appears complete or not at all.
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            long bytes = e.getValue().size() * 4;
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().getShape().getShape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // pad with spaces so the data starts 8-byte aligned, as the reference writer does
        int padded = (json.length + 7) / 8 * 8;
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
                out.write(len.array());
                out.write(json);
                for (int i = json.length; i < padded; i++) {
                    out.write(' ');
                }
                for (NDArray a : tensors.values()) {
                    float[] v = (a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false)).toFloatArray();
                    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(v);
                    out.write(b.array());
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
