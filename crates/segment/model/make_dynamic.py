#!/usr/bin/env python3
"""Makes u2netp.onnx's input and output sides symbolic ("side") instead of the fixed 320, so
ONNX Runtime accepts the 160-px input tract is given through an input fact. Weights and graph
are unchanged. Run once with the `onnx` package: python3 make_dynamic.py u2netp.onnx"""
import sys

import onnx

path = sys.argv[1]
model = onnx.load(path)
for value in list(model.graph.input) + list(model.graph.output):
    for i, dim in enumerate(value.type.tensor_type.shape.dim):
        if i >= 2:
            dim.ClearField("dim_value")
            dim.dim_param = "side"
# Inferred intermediate shapes were for 320: drop them, both runtimes infer their own.
del model.graph.value_info[:]
onnx.save(model, path)
