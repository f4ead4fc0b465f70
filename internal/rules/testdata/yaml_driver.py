# Reads JSON Lines, each a JSON string holding a policy file, and prints for
# each what oslo.policy's parse_file_contents makes of it, as JSON:
# {"value": ...} or {"error": "..."}. Used by yaml_test.go.
import json
import logging
import math
import sys

from oslo_policy import policy

logging.disable(logging.CRITICAL)


def plain(v):
    """Returns v with what JSON cannot hold replaced by a marker."""
    if isinstance(v, dict):
        return {("%s:%r" % (type(k).__name__, k) if not isinstance(k, str) else k): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, float) and (math.isinf(v) or math.isnan(v)):
        return "float:%r" % v
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return "%s:%r" % (type(v).__name__, v)


for line in sys.stdin:
    data = json.loads(line)
    try:
        out = {"value": plain(policy.parse_file_contents(data))}
    except Exception as e:
        out = {"error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out), flush=False)
