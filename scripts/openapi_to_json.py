#!/usr/bin/python3
"""Convert docs/openapi.yaml to compact JSON for embedding in the server.

usage: openapi_to_json.py IN.yaml OUT.json
Needs python3-yaml (Debian), installed by scripts/deps.sh.
"""
import json
import sys

import yaml


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3.1"):
        sys.exit("%s: not an OpenAPI 3.1 document" % sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


if __name__ == "__main__":
    main()
