// Package aperture parses and evaluates Aperture, the policy language of
// Joyent's Triton (sub-user roles), exactly as its reference
// implementation, node-aperture, with the type table of aperture-config.
//
// A rule reads "[principals] CAN [NOT] actions [resources] [WHEN conditions]":
//
//	Rule       = [List] Effect List [List] [If OrCond] EOF
//	List       = Identifier | Identifier AND Identifier | LongList | All
//	LongList   = Identifier "," Identifier ["," ] AND Identifier
//	           | Identifier "," LongList
//	Effect     = CAN | CAN NOT
//	If         = IF | WHEN | WHERE
//	OrCond     = OrCond OR AndCond | AndCond
//	AndCond    = AndCond AND NotCond | NotCond
//	NotCond    = NOT NotCond | Cond
//	Cond       = Lhs String String | Lhs IN "(" String {"," String} ")" | "(" OrCond ")"
//	Lhs        = String ["::" String]
//	Identifier = STRING | STRING_LITERAL | FUZZY_STRING | REGEX_LITERAL
//	All        = ALL | EVERYTHING | ANYTHING | "*"
//
// Keywords are case-insensitive; "a, b, c" needs its "and"; an identifier
// with a * is a wildcard (only the first * is, as in the reference);
// /re/flags::regex is a JavaScript regular expression. Condition values are
// validated at parse time against their type (name::type, or the type
// table), and compiled once. CAN NOT never denies by itself: a request is
// allowed when some rule says CAN and matches, and the first evaluation
// error ends the evaluation. Errors carry the reference's error names and
// messages, parse errors included (the parser is the same LALR(1)
// automaton, built from the grammar in grammar.go).
//
// Files: lex.go (the lexer), grammar.go (productions and the LALR(1)
// tables), parse.go (parser and semantic actions), eval.go (conditions and
// evaluation), types.go (condition types), regex.go (JavaScript regular
// expressions on Go's regexp), jsvalue.go, jsdate.go and ipaddr.go
// (JavaScript's and ipaddr.js's readings of values), request.go (the
// JSON Lines format of `gatehouse policy eval`).
package aperture
