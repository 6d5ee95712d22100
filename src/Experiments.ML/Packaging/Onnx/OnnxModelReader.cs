// OnnxModelReader: decodes the subset of an ONNX protobuf that OnnxProtoWriter writes (see the wire layout there)
// back into an OnnxModel, with Google.Protobuf's CodedInputStream. Unknown fields are skipped; repeated scalars
// are accepted packed or unpacked (both are valid proto2 encodings). Tensors must carry raw_data (what we write);
// attributes of kinds we do not model (GRAPH, STRINGS, ...) are refused with their name.
using Google.Protobuf;

namespace Experiments.ML.Packaging.Onnx;

/// <summary>Reads ONNX files written by <see cref="OnnxProtoWriter"/> (and compatible ones) into an <see cref="OnnxModel"/>.</summary>
public static class OnnxModelReader
{
    /// <summary>Decodes ONNX bytes. <paramref name="source"/> names the file in error messages.</summary>
    public static OnnxModel Read(byte[] bytes, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return ReadModel(new CodedInputStream(bytes), source);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelPackageException($"the ONNX protobuf is malformed: {ex.Message}", filePath: source, innerException: ex);
        }
    }

    private static OnnxModel ReadModel(CodedInputStream input, string? source)
    {
        long ir = 0;
        string producer = "", producerVersion = "";
        OnnxGraph? graph = null;
        var opsets = new List<OnnxOpsetImport>();
        var metadata = new List<KeyValuePair<string, string>>();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ir = input.ReadInt64(); break;
                case 2: producer = input.ReadString(); break;
                case 3: producerVersion = input.ReadString(); break;
                case 7: graph = ReadGraph(Sub(input), source); break;
                case 8: opsets.Add(ReadOpset(Sub(input))); break;
                case 14: metadata.Add(ReadEntry(Sub(input))); break;
                default: input.SkipLastField(); break;
            }
        }
        if (ir < 3)
            throw new ModelPackageException($"ir_version is {ir}; ONNX models carry ir_version >= 3 (we write 8). " +
                                            "The bytes are not an ONNX model or come from a pre-2018 exporter", filePath: source);
        if (graph is null)
            throw new ModelPackageException("the ONNX model has no graph (ModelProto field 7)", filePath: source);
        return new OnnxModel(ir, opsets, producer, producerVersion, graph, metadata);
    }

    private static OnnxOpsetImport ReadOpset(CodedInputStream input)
    {
        string domain = "";
        long version = 0;
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: domain = input.ReadString(); break;
                case 2: version = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxOpsetImport(domain, version);
    }

    private static KeyValuePair<string, string> ReadEntry(CodedInputStream input)
    {
        string key = "", value = "";
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: value = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new(key, value);
    }

    private static OnnxGraph ReadGraph(CodedInputStream input, string? source)
    {
        string name = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var valueInfo = new List<OnnxValueInfo>();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: nodes.Add(ReadNode(Sub(input), source)); break;
                case 2: name = input.ReadString(); break;
                case 5: initializers.Add(ReadTensor(Sub(input), source)); break;
                case 11: inputs.Add(ReadValueInfo(Sub(input))); break;
                case 12: outputs.Add(ReadValueInfo(Sub(input))); break;
                case 13: valueInfo.Add(ReadValueInfo(Sub(input))); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, valueInfo);
    }

    private static OnnxNode ReadNode(CodedInputStream input, string? source)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        string name = "", opType = "";
        string? domain = null;
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: inputs.Add(input.ReadString()); break;
                case 2: outputs.Add(input.ReadString()); break;
                case 3: name = input.ReadString(); break;
                case 4: opType = input.ReadString(); break;
                case 5: attributes.Add(ReadAttribute(Sub(input), source)); break;
                case 7: domain = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxNode(opType, inputs, outputs, name, domain, attributes);
    }

    private static OnnxAttribute ReadAttribute(CodedInputStream input, string? source)
    {
        string name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        string? s = null;
        OnnxTensor? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 2: f = input.ReadFloat(); break;
                case 3: i = input.ReadInt64(); break;
                case 4: s = input.ReadBytes().ToStringUtf8(); break;
                case 5: t = ReadTensor(Sub(input), source); break;
                case 7: ReadRepeated(input, tag, floats, c => c.ReadFloat()); break;
                case 8: ReadRepeated(input, tag, ints, c => c.ReadInt64()); break;
                case 20: type = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (OnnxAttributeType)type switch
        {
            OnnxAttributeType.Float => OnnxAttribute.Float(name, f),
            OnnxAttributeType.Int => OnnxAttribute.Int(name, i),
            OnnxAttributeType.String => OnnxAttribute.String(name, s ?? ""),
            OnnxAttributeType.Tensor => OnnxAttribute.Tensor(name, t ?? throw new ModelPackageException("TENSOR attribute without a tensor", name, source)),
            OnnxAttributeType.Floats => OnnxAttribute.Floats(name, floats.ToArray()),
            OnnxAttributeType.Ints => OnnxAttribute.Ints(name, ints.ToArray()),
            _ => throw new ModelPackageException(
                $"attribute type {type} is not supported by this reader (FLOAT, INT, STRING, TENSOR, FLOATS, INTS are)", name, source),
        };
    }

    private static OnnxTensor ReadTensor(CodedInputStream input, string? source)
    {
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        byte[]? raw = null;
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ReadRepeated(input, tag, dims, c => c.ReadInt64()); break;
                case 2: dataType = input.ReadInt32(); break;
                case 8: name = input.ReadString(); break;
                case 9: raw = input.ReadBytes().ToByteArray(); break;
                default: input.SkipLastField(); break;
            }
        }
        var type = (OnnxElementType)dataType;
        if (raw is null)
            throw new ModelPackageException("the tensor has no raw_data; this reader only reads raw_data tensors", name, source);
        int size = type switch
        {
            OnnxElementType.Float or OnnxElementType.Int32 => 4,
            OnnxElementType.Int64 or OnnxElementType.Double => 8,
            OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool => 1,
            _ => throw new ModelPackageException($"tensor data_type {dataType} is not supported by this reader", name, source),
        };
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count * size != raw.Length)
            throw new ModelPackageException(
                $"dims [{string.Join(", ", dims)}] of {type} need {count * size} bytes but raw_data holds {raw.Length}", name, source);
        return new OnnxTensor(name, type, dims.ToArray(), raw);
    }

    private static OnnxValueInfo ReadValueInfo(CodedInputStream input)
    {
        string name = "";
        OnnxElementType elementType = OnnxElementType.Undefined;
        List<OnnxDim>? shape = null;
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 2:
                    var type = Sub(input);
                    for (uint t; (t = type.ReadTag()) != 0;)
                    {
                        if (WireFormat.GetTagFieldNumber(t) != 1) { type.SkipLastField(); continue; }
                        var tensor = Sub(type);
                        for (uint u; (u = tensor.ReadTag()) != 0;)
                        {
                            switch (WireFormat.GetTagFieldNumber(u))
                            {
                                case 1: elementType = (OnnxElementType)tensor.ReadInt32(); break;
                                case 2: shape = ReadShape(Sub(tensor)); break;
                                default: tensor.SkipLastField(); break;
                            }
                        }
                    }
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new OnnxValueInfo(name, elementType, shape);
    }

    private static List<OnnxDim> ReadShape(CodedInputStream input)
    {
        var dims = new List<OnnxDim>();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1) { input.SkipLastField(); continue; }
            var dim = Sub(input);
            OnnxDim value = default;
            for (uint t; (t = dim.ReadTag()) != 0;)
            {
                switch (WireFormat.GetTagFieldNumber(t))
                {
                    case 1: value = OnnxDim.Fixed(dim.ReadInt64()); break;
                    case 2: value = OnnxDim.Symbolic(dim.ReadString()); break;
                    default: dim.SkipLastField(); break;
                }
            }
            dims.Add(value);
        }
        return dims;
    }

    // A repeated scalar field arrives either unpacked (one tag per element) or packed (one LEN field).
    private static void ReadRepeated<T>(CodedInputStream input, uint tag, List<T> values, Func<CodedInputStream, T> read)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            values.Add(read(input));
            return;
        }
        var packed = Sub(input);
        while (!packed.IsAtEnd)
            values.Add(read(packed));
    }

    private static CodedInputStream Sub(CodedInputStream input) => new(input.ReadBytes().ToByteArray());
}
