// jsoracle.js answers questions about JavaScript's own readings of values
// (Date.parse, RegExp, ToNumber, String(Date)) and ipaddr.js 0.1.1's, which
// the Go package reimplements. One request per line on stdin, one answer
// per line on stdout, in one process. Run it with TZ=UTC.
'use strict';

var readline = require('readline');
var ipaddr = require('ipaddr.js');

function ip(s) {
    var a = ipaddr.parse(s);
    return ({ kind: a.kind(), parts: a.kind() === 'ipv6' ? a.parts : a.octets });
}

function answer(q) {
    try {
        switch (q.kind) {
        case 'date':
            var ms = Date.parse(q.s);
            return ({ ms: isNaN(ms) ? null : ms });
        case 'number':
            var n = +q.s;
            return ({ n: isNaN(n) ? 'NaN' : String(n) });
        case 'regex':
            // a fresh RegExp per test, as the reference makes one per use
            new RegExp(q.body, q.flags);
            return ({ match: q.subjects.map(function (s) {
                return (new RegExp(q.body, q.flags).test(s));
            }) });
        case 'ip':
            return (ip(q.s));
        case 'ipmatch':
            var a = ipaddr.parse(q.a);
            var b = ipaddr.parse(q.b);
            return ({ match: a.match(b, q.bits) });
        case 'datestring':
            return ({ s: String(new Date(q.ms)) });
        }
        throw new Error('unknown kind ' + q.kind);
    } catch (e) {
        return ({ error: e.name, message: e.message });
    }
}

var rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', function (line) {
    process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
});
