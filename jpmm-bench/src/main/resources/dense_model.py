"""Writes the model of jpmm-bench's time-to-first-inference run: y = relu(x @ w + b), with x, w and b
inputs of any size (so the weights can come from a shelf or a file), exported by torch to ONNX.

    python3 jpmm-bench/src/main/resources/dense_model.py jpmm-bench/src/main/resources/dense_model.onnx

(torch 2.13 made the committed dense_model.onnx.)
"""
import sys

import torch


class Dense(torch.nn.Module):
    def forward(self, x, w, b):
        return torch.relu(x @ w + b)


x, w, b = torch.randn(2, 8), torch.randn(8, 4), torch.randn(4)
torch.onnx.export(Dense().eval(), (x, w, b), sys.argv[1], input_names=['x', 'w', 'b'], output_names=['y'],
                  dynamic_axes={'x': {0: 'batch', 1: 'k'}, 'w': {0: 'k', 1: 'n'}, 'b': {0: 'n'}, 'y': {0: 'batch', 1: 'n'}},
                  opset_version=17, dynamo=False)
