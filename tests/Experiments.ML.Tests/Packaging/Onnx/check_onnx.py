# Validates an ONNX file with Debian's python3-onnx and evaluates it with plain numpy.
# onnx 1.12 has no onnx.reference.ReferenceEvaluator, so the few operators a feed-forward classifier uses
# (Constant, Div, Sub, Gemm, Relu, Softmax, ArgMax) are evaluated here with numpy, following the ONNX operator docs.
# Usage: python3 check_onnx.py MODEL.onnx [INPUT.f32 N]   (INPUT: raw little-endian float32, N rows, for the first graph input)
# Prints one JSON object: model fields, node attribute types, inferred output types/shapes, and (with an input) outputs.
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)


def describe(value_info):
    t = value_info.type.tensor_type
    dims = [d.dim_param if d.HasField("dim_param") else (d.dim_value if d.HasField("dim_value") else None) for d in t.shape.dim]
    return {"elem_type": t.elem_type, "shape": dims}


report = {
    "onnx_version": onnx.__version__,
    "ir_version": model.ir_version,
    "opset": {o.domain: o.version for o in model.opset_import},
    "producer_name": model.producer_name,
    "producer_version": model.producer_version,
    "graph_name": model.graph.name,
    "metadata": {p.key: p.value for p in model.metadata_props},
    "inputs": {v.name: describe(v) for v in model.graph.input},
    "outputs": {v.name: describe(v) for v in model.graph.output},
    "inferred": {v.name: describe(v) for v in list(inferred.graph.value_info) + list(inferred.graph.output)},
    "nodes": [{"op_type": n.op_type, "name": n.name,
               "attributes": {a.name: onnx.AttributeProto.AttributeType.Name(a.type) for a in n.attribute}} for n in model.graph.node],
}


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def evaluate(feeds):
    values = dict(feeds)
    for t in model.graph.initializer:
        values[t.name] = numpy_helper.to_array(t)
    for n in model.graph.node:
        x = [values[i] for i in n.input]
        op = n.op_type
        if op == "Constant":
            a = n.attribute[0]
            v = onnx.helper.get_attribute_value(a)
            y = numpy_helper.to_array(v) if a.name == "value" else np.array(v)
        elif op == "Div":
            y = x[0] / x[1]
        elif op == "Sub":
            y = x[0] - x[1]
        elif op == "Relu":
            y = np.maximum(x[0], 0)
        elif op == "Gemm":
            a = x[0].T if attr(n, "transA", 0) else x[0]
            b = x[1].T if attr(n, "transB", 0) else x[1]
            y = np.float32(attr(n, "alpha", 1.0)) * (a @ b)
            if len(x) > 2:
                y = y + np.float32(attr(n, "beta", 1.0)) * x[2]
        elif op == "Softmax":
            axis = attr(n, "axis", -1)
            e = np.exp(x[0] - x[0].max(axis=axis, keepdims=True))
            y = e / e.sum(axis=axis, keepdims=True)
        elif op == "ArgMax":
            y = np.argmax(x[0], axis=attr(n, "axis", 0))
            if attr(n, "keepdims", 1):
                y = np.expand_dims(y, attr(n, "axis", 0))
            y = y.astype(np.int64)
        else:
            raise NotImplementedError(op)
        values[n.output[0]] = y
    return {o.name: values[o.name] for o in model.graph.output}


if len(sys.argv) > 3:
    n = int(sys.argv[3])
    first = model.graph.input[0].name
    data = np.fromfile(sys.argv[2], dtype="<f4").reshape(n, -1)
    outputs = evaluate({first: data})
    report["evaluation"] = {k: {"dtype": str(v.dtype), "shape": list(v.shape), "values": v.ravel().tolist()} for k, v in outputs.items()}

print(json.dumps(report, separators=(",", ":")))
