// OnnxProtoWriter: serializes an OnnxModel as an ONNX protobuf (the .onnx file format), message by message with
// Google.Protobuf's CodedOutputStream. Field numbers are the official ones from onnx/onnx.proto (proto2); no
// generated code is used. Fields are written in field-number order, as protobuf's own serializers do, so the same
// model always gives the same bytes.
//
// Wire layout (tag = field << 3 | wire type; LEN = varint length + bytes; sub-messages are LEN):
//   ModelProto           1 ir_version varint | 2 producer_name LEN | 3 producer_version LEN | 7 graph LEN(GraphProto)
//                        | 8 opset_import LEN(OperatorSetIdProto)* | 14 metadata_props LEN(StringStringEntryProto)*
//   OperatorSetIdProto   1 domain LEN | 2 version varint
//   StringStringEntry    1 key LEN | 2 value LEN
//   GraphProto           1 node LEN(NodeProto)* | 2 name LEN | 5 initializer LEN(TensorProto)*
//                        | 11 input LEN(ValueInfoProto)* | 12 output LEN(ValueInfoProto)* | 13 value_info LEN(ValueInfoProto)*
//   NodeProto            1 input LEN* | 2 output LEN* | 3 name LEN | 4 op_type LEN | 5 attribute LEN(AttributeProto)* | 7 domain LEN
//   AttributeProto       1 name LEN | 2 f fixed32 | 3 i varint | 4 s LEN | 5 t LEN(TensorProto)
//                        | 7 floats fixed32* (unpacked, proto2) | 8 ints varint* (unpacked) | 20 type varint
//   TensorProto          1 dims varint* (unpacked) | 2 data_type varint | 8 name LEN | 9 raw_data LEN (little-endian, row-major)
//   ValueInfoProto       1 name LEN | 2 type LEN(TypeProto)
//   TypeProto            1 tensor_type LEN(TypeProto.Tensor)
//   TypeProto.Tensor     1 elem_type varint | 2 shape LEN(TensorShapeProto)
//   TensorShapeProto     1 dim LEN(Dimension)*
//   Dimension            1 dim_value varint | 2 dim_param LEN      (oneof)
using Google.Protobuf;

namespace Experiments.ML.Packaging.Onnx;

/// <summary>Serializes an <see cref="OnnxModel"/> to ONNX protobuf bytes (a <c>.onnx</c> file).</summary>
public static class OnnxProtoWriter
{
    /// <summary>The ONNX file bytes of <paramref name="model"/>.</summary>
    public static byte[] ToBytes(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Message(o => WriteModel(o, model));
    }

    private static void WriteModel(CodedOutputStream o, OnnxModel m)
    {
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteInt64(m.IrVersion);
        WriteString(o, 2, m.ProducerName);
        WriteString(o, 3, m.ProducerVersion);
        WriteMessage(o, 7, g => WriteGraph(g, m.Graph));
        foreach (var opset in m.OpsetImports)
            WriteMessage(o, 8, s =>
            {
                WriteString(s, 1, opset.Domain);
                s.WriteTag(2, WireFormat.WireType.Varint);
                s.WriteInt64(opset.Version);
            });
        foreach (var (key, value) in m.MetadataProps)
            WriteMessage(o, 14, s =>
            {
                WriteString(s, 1, key);
                WriteString(s, 2, value);
            });
    }

    private static void WriteGraph(CodedOutputStream o, OnnxGraph g)
    {
        foreach (var node in g.Nodes)
            WriteMessage(o, 1, n => WriteNode(n, node));
        WriteString(o, 2, g.Name);
        foreach (var t in g.Initializers)
            WriteMessage(o, 5, s => WriteTensor(s, t));
        foreach (var v in g.Inputs)
            WriteMessage(o, 11, s => WriteValueInfo(s, v));
        foreach (var v in g.Outputs)
            WriteMessage(o, 12, s => WriteValueInfo(s, v));
        foreach (var v in g.ValueInfo)
            WriteMessage(o, 13, s => WriteValueInfo(s, v));
    }

    private static void WriteNode(CodedOutputStream o, OnnxNode n)
    {
        foreach (var input in n.Inputs)
            WriteString(o, 1, input);
        foreach (var output in n.Outputs)
            WriteString(o, 2, output);
        if (!string.IsNullOrEmpty(n.Name))
            WriteString(o, 3, n.Name);
        WriteString(o, 4, n.OpType);
        foreach (var a in n.Attributes)
            WriteMessage(o, 5, s => WriteAttribute(s, a));
        if (!string.IsNullOrEmpty(n.Domain))
            WriteString(o, 7, n.Domain);
    }

    private static void WriteAttribute(CodedOutputStream o, OnnxAttribute a)
    {
        WriteString(o, 1, a.Name);
        switch (a.Type)
        {
            case OnnxAttributeType.Float:
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(a.FloatValue);
                break;
            case OnnxAttributeType.Int:
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteInt64(a.IntValue);
                break;
            case OnnxAttributeType.String:
                o.WriteTag(4, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFromUtf8(a.StringValue!));
                break;
            case OnnxAttributeType.Tensor:
                WriteMessage(o, 5, s => WriteTensor(s, a.TensorValue!));
                break;
            case OnnxAttributeType.Floats:
                foreach (var f in a.FloatsValue!)
                {
                    o.WriteTag(7, WireFormat.WireType.Fixed32);
                    o.WriteFloat(f);
                }
                break;
            case OnnxAttributeType.Ints:
                foreach (var i in a.IntsValue!)
                {
                    o.WriteTag(8, WireFormat.WireType.Varint);
                    o.WriteInt64(i);
                }
                break;
            default:
                throw new ModelPackageException($"attribute type {a.Type} cannot be written", a.Name);
        }
        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteEnum((int)a.Type);
    }

    private static void WriteTensor(CodedOutputStream o, OnnxTensor t)
    {
        foreach (var d in t.Dims)
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(d);
        }
        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32((int)t.ElementType);
        WriteString(o, 8, t.Name);
        o.WriteTag(9, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(t.RawData));
    }

    private static void WriteValueInfo(CodedOutputStream o, OnnxValueInfo v)
    {
        WriteString(o, 1, v.Name);
        WriteMessage(o, 2, type => WriteMessage(type, 1, tensor =>
        {
            tensor.WriteTag(1, WireFormat.WireType.Varint);
            tensor.WriteInt32((int)v.ElementType);
            if (v.Shape is { } shape)
                WriteMessage(tensor, 2, s =>
                {
                    foreach (var dim in shape)
                        WriteMessage(s, 1, d =>
                        {
                            if (dim.Param is { } param)
                                WriteString(d, 2, param);
                            else
                            {
                                d.WriteTag(1, WireFormat.WireType.Varint);
                                d.WriteInt64(dim.Value!.Value);
                            }
                        });
                });
        }));
    }

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void WriteMessage(CodedOutputStream o, int field, Action<CodedOutputStream> body)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(Message(body)));
    }

    // Sub-messages are serialized into their own buffer first: the length prefix must precede the bytes.
    private static byte[] Message(Action<CodedOutputStream> body)
    {
        using var buffer = new MemoryStream();
        using (var o = new CodedOutputStream(buffer, leaveOpen: true))
            body(o);
        return buffer.ToArray();
    }
}
