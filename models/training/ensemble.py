#!/usr/bin/python3
"""Joins separately trained exports of one architecture into one model: the layers they share exactly
(same description and same weights, e.g. the frozen spectrum front end) run once, the rest of each
becomes a branch of an `ensemble` layer that averages the branches' outputs (logits, for a classifier).

  /usr/bin/python3 models/training/ensemble.py --out DIR SRC1 SRC2 [SRC3 ...] [--name NAME] [--version V]
      [--parity NAME --data models/data/out]

Each SRC is an export (model.json + weights.safetensors). Branch i's layers are renamed
"trunks.<i>.<name>". The joined model's output is checked against the mean of the members' outputs
on a validation clip before it is written. --parity also writes the parity vectors of the joined model
(models/src/test/resources/parity/NAME.safetensors, read by ShippedModelParityTest) from the first
validation clip, as training does.
"""

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import s4model  # noqa: E402
import train_classifier  # noqa: E402


def same_layer(models, i):
    """Layer i is the same in every model: same description, same weights."""
    first = models[0]
    desc = first.layer_descriptions()[i]
    weights = first.layer_weights(i)
    for m in models[1:]:
        if m.layer_descriptions()[i] != desc:
            return False
        other = m.layer_weights(i)
        if other.keys() != weights.keys() or any(not torch.equal(other[k], weights[k]) for k in weights):
            return False
    return True


def join(models, name, version=None):
    metas = [{k: v for k, v in m.meta.items() if k not in ("name", "version")} for m in models]
    if any(meta != metas[0] for meta in metas[1:]):
        raise ValueError("the models differ in task, rate, encoding or labels: they cannot be averaged")
    lengths = {len(m.layers) for m in models}
    shared = 0
    while shared < min(lengths) and same_layer(models, shared):
        shared += 1
    if shared == min(lengths):
        raise ValueError("the models are the same: nothing to average")
    desc = models[0].layer_descriptions()[:shared]
    branches = []
    for b, m in enumerate(models):
        branch = []
        for layer in m.layer_descriptions()[shared:]:
            if "branches" in layer:
                raise ValueError("a member is itself an ensemble: join its members instead")
            branch.append(dict(layer, name=f"trunks.{b}.{layer['name']}"))
        branches.append(branch)
    desc.append({"name": "trunks", "type": "ensemble", "branches": branches})
    weights = {}
    for i in range(shared):
        weights.update(models[0].layer_weights(i))
    for b, m in enumerate(models):
        for i in range(shared, len(m.layers)):
            for k, v in m.layer_weights(i).items():
                weights[f"trunks.{b}.{k}"] = v
    meta = dict(models[0].meta, name=name, version=version or models[0].meta["version"])
    joined = s4model.from_description({"format": s4model.FORMAT, **meta, "layers": desc}, weights)
    return joined, shared


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="+", help="exported model directories (at least 2)")
    ap.add_argument("--out", required=True, help="export directory of the joined model")
    ap.add_argument("--name", help="model name (default: the first source's)")
    ap.add_argument("--version", help="model version (default: the first source's)")
    ap.add_argument("--parity", metavar="NAME",
                    help="also write the parity vectors NAME.safetensors (models/src/test/resources/parity)")
    ap.add_argument("--data", default=common.DATA)
    args = ap.parse_args(argv)
    if len(args.sources) < 2:
        ap.error("give at least 2 exports to join")
    common.setup(0)
    models = [s4model.load(d) for d in args.sources]
    joined, shared = join(models, args.name or models[0].meta["name"], args.version)
    val = common.require_data(os.path.join(args.data, "val.npz"))["clips"]
    frame = joined.frame
    x = torch.from_numpy(train_classifier.to_float(val[:2, :val.shape[1] // frame * frame]))[..., None]
    with torch.no_grad():
        mean = sum(m.eval()(x) for m in models) / len(models)
        err = float((joined.eval()(x) - mean).abs().max())
    scale = float(mean.abs().max())
    common.log(f"{len(models)} members share their first {shared} layers; joined output vs mean of the members: "
               f"max abs {err:.2e} (scale {scale:.2e})")
    if not err <= 1e-5 * scale:
        raise SystemExit("the joined model does not equal the mean of its members")
    s4model.export(joined, args.out)
    common.log(f"exported to {args.out}")
    if args.parity:
        train_classifier.parity(joined, val, args.parity)


if __name__ == "__main__":
    main()
