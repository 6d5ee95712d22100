# Checks a model.zip with the Python standard library only (zipfile, hashlib, json): the manifest's format name and
# version, and that every entry it lists has the recorded size and SHA-256. Prints a JSON report:
# {"format": ..., "format_version": N, "entries": {name: {"size": N, "sha256_ok": bool}}, "unlisted": [...]}
# Usage: python3 check_model_zip.py MODEL_ZIP
import hashlib
import json
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as z:
    manifest = json.loads(z.read("manifest.json").decode("utf-8"))
    report = {"format": manifest["format"], "format_version": manifest["format_version"], "entries": {}, "unlisted": []}
    for name, info in manifest["entries"].items():
        data = z.read(name)
        report["entries"][name] = {"size": len(data), "sha256_ok": hashlib.sha256(data).hexdigest() == info["sha256"]}
    report["unlisted"] = [n for n in z.namelist() if n != "manifest.json" and n not in manifest["entries"]]
print(json.dumps(report))
