"""Evaluate rule cases with oslo.policy, for the differential test.

Reads JSON Lines on stdin, each
  {"id", "rules": {...}, "rule": NAME | "inline": RULE, "target": {...},
   "creds": {...}, "default_rule": NAME-or-null (absent: "default")}
and writes one line per case: {"id", "allowed": bool} or {"id", "error": "..."}
where oslo raises. Run it with Debian's /usr/bin/python3 (python3-oslo.policy).
"""
import json
import logging
import sys

from oslo_config import cfg
from oslo_policy import _parser
from oslo_policy import policy

logging.disable(logging.CRITICAL)

CONF = cfg.ConfigOpts()
CONF([], project='gatehouse-difftest', default_config_files=[])


def run(case):
    default_rule = case.get('default_rule', 'default')
    enforcer = policy.Enforcer(CONF, use_conf=False)
    # Rules.from_dict keeps default_rule as given; set_rules would replace it
    # with the enforcer's, which cannot be None.
    enforcer.rules = policy.Rules.from_dict(case.get('rules', {}), default_rule)
    target = case.get('target', {})
    creds = case.get('creds', {})
    if 'inline' in case:
        rule = _parser.parse_rule(case['inline'])
    else:
        rule = case['rule']
    return bool(enforcer.enforce(rule, target, creds))


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            out = {'id': case.get('id'), 'allowed': run(case)}
        except Exception as e:  # every exception is an answer: oslo raised
            out = {'id': case.get('id'), 'error': '%s: %s' % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
