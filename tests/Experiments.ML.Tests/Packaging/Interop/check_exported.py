# Checks exported ONNX models with Debian's python3-onnx, many models in one process (one interpreter start):
# onnx.checker.check_model(full_check=True) and strict shape inference with type checks.
# Usage: python3 check_exported.py MODEL.onnx [MODEL.onnx ...]
# Prints one JSON object {basename: report}; report = ir_version, opset, metadata, declared inputs/outputs,
# inferred output types/shapes, and the op types in graph order. The first failing model stops the script with
# its name on stderr and a non-zero exit.
import json
import os
import sys

import onnx
from onnx import shape_inference


def describe(value_info):
    t = value_info.type.tensor_type
    dims = [d.dim_param if d.HasField("dim_param") else (d.dim_value if d.HasField("dim_value") else None) for d in t.shape.dim]
    return {"elem_type": t.elem_type, "shape": dims}


reports = {}
for path in sys.argv[1:]:
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    except Exception as e:  # report which model failed, then fail
        print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    reports[name] = {
        "onnx_version": onnx.__version__,
        "ir_version": model.ir_version,
        "opset": {o.domain: o.version for o in model.opset_import},
        "metadata": {p.key: p.value for p in model.metadata_props},
        "inputs": {v.name: describe(v) for v in model.graph.input},
        "outputs": {v.name: describe(v) for v in model.graph.output},
        "inferred": {v.name: describe(v) for v in inferred.graph.output},
        "op_types": [n.op_type for n in model.graph.node],
    }

print(json.dumps(reports, separators=(",", ":")))
