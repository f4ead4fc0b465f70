// driver.js answers `gatehouse policy eval` requests with node-aperture, the
// reference implementation, so the Go package can be compared with it.
//
// Usage: node driver.js APERTURE_DIR < requests.jsonl > answers.jsonl
//
// APERTURE_DIR holds node-aperture (index.js exporting createParser,
// createEvaluator and types). One process answers every line, in order.
'use strict';

var path = require('path');
var readline = require('readline');

var dir = process.argv[2];
if (!dir) {
    process.stderr.write('usage: node driver.js APERTURE_DIR\n');
    process.exit(2);
}
var aperture = require(path.resolve(dir));

// The type table of aperture-config (etc/aperture.json), as Triton uses it.
var typeTable = {
    activeRoles: 'array',
    date: 'date',
    day: 'day',
    fromjob: 'boolean',
    method: 'string',
    owner: 'string',
    sourceip: 'ip',
    time: 'time',
    'user-agent': 'string',
    overwrite: 'boolean'
};
var opts = { types: aperture.types, typeTable: typeTable };
var parser = aperture.createParser(opts);
var evaluator = aperture.createEvaluator(opts);

// revive turns {"$date": "..."} into a Date, anywhere in the conditions.
function revive(v) {
    if (Array.isArray(v)) {
        return (v.map(revive));
    }
    if (v !== null && typeof (v) === 'object') {
        var keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$date') {
            return (new Date(v.$date));
        }
        var out = {};
        keys.forEach(function (k) { out[k] = revive(v[k]); });
        return (out);
    }
    return (v);
}

function describe(e) {
    return ({ error: e.name, message: e.message });
}

function answer(req) {
    var parsed = [];
    var parse = req.policies.map(function (text) {
        try {
            parsed.push(parser.parse(text));
            return (null);
        } catch (e) {
            return (describe(e));
        }
    });
    var out = { id: req.id, parse: parse };
    var context = {
        action: req.action,
        resource: req.resource,
        conditions: revive(req.conditions || {})
    };
    if (req.principal !== undefined) {
        context.principal = req.principal;
    }
    try {
        out.allowed = evaluator.evaluate(parsed, context);
    } catch (e) {
        out.eval_error = describe(e);
    }
    return (out);
}

var rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', function (line) {
    if (line.trim() === '') {
        return;
    }
    process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
});
