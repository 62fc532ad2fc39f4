"""Makes the test model of jpmm-onnxruntime and torch's answers for it.

    python3 jpmm-onnxruntime/src/test/python/torch_model.py OUT_DIRECTORY

(tools/regenerate-oracle-fixtures runs it into src/test/resources/oracle/torch_model.)

Needs torch (2.13 made the committed files), onnx, numpy and safetensors. Writes dense.onnx, a
layer relu(x @ w + b) whose weights are inputs (so they come from a shelf), plus two casts that
take float16 and bfloat16 inputs; and torch.safetensors, the inputs and what torch computes from
them. The README's example runs readme/dense.onnx, the layer alone, on readme/weights.safetensors
(x, w and b of torch.safetensors).
"""
import os
import sys

import torch
from safetensors.torch import save_file


class Layer(torch.nn.Module):
    def forward(self, x, w, b):
        return torch.relu(x @ w + b)


class Dense(torch.nn.Module):
    def forward(self, x, w, b, h, g):
        return torch.relu(x @ w + b), h.float() * 2, g.float() + 1


def main(out):
    os.makedirs(out, exist_ok=True)
    generator = torch.Generator().manual_seed(7)
    inputs = {
        'x': torch.randn(3, 4, generator=generator),
        'w': torch.randn(4, 5, generator=generator),
        'b': torch.randn(5, generator=generator),
        'h': torch.randn(6, generator=generator).half(),
        'g': torch.randn(6, generator=generator).bfloat16(),
    }
    model = Dense().eval()
    torch.onnx.export(model, tuple(inputs.values()), os.path.join(out, 'dense.onnx'), input_names=list(inputs),
                      output_names=['y', 'h2', 'g1'], dynamic_axes={'x': {0: 'batch'}, 'y': {0: 'batch'}},
                      opset_version=17, dynamo=False)
    with torch.no_grad():
        y, h2, g1 = model(*inputs.values())
    save_file({**inputs, 'y': y, 'h2': h2, 'g1': g1}, os.path.join(out, 'torch.safetensors'),
              metadata={'torch': torch.__version__})
    readme = os.path.join(out, 'readme')
    os.makedirs(readme, exist_ok=True)
    layer = {name: inputs[name] for name in ('x', 'w', 'b')}
    torch.onnx.export(Layer().eval(), tuple(layer.values()), os.path.join(readme, 'dense.onnx'), input_names=list(layer),
                      output_names=['y'], opset_version=17, dynamo=False)
    save_file(layer, os.path.join(readme, 'weights.safetensors'))


if __name__ == '__main__':
    main(sys.argv[1])
