#!/usr/bin/env python3
"""Translate a speccheck `.spec` file back into a TLA+ module and a TLC config.

This is a cross-checking aid for the spec corpus, not part of speccheck: it lets
TLC explore a `.spec` file exactly as written, so that the figures recorded in
specs/manifest.json can be confirmed against TLC itself.

It handles the subset of the language that the specs in this folder use:
  - declarations: spec, const (with a default), type, var, def, init, action,
    invariant, constraint, assume;
  - `x'[k] = e` sugar only as a whole conjunct of a block (several of them on
    one variable are merged into one EXCEPT, as the language composes them);
  - the implicit frame at the level of an action: every variable that an action
    never primes is left UNCHANGED. A branch (IF / CASE / \\/ / \\E) must bind the
    same variables as its siblings; TLC reports an error otherwise, so a spec that
    relies on a branch-level implicit frame is caught, not silently mistranslated;
  - every variable's declared type becomes an extra invariant TypeOK_gen, so TLC
    also checks that the declared types are respected.

Usage:
  spec2tla.py FILE.spec OUTDIR [--const NAME=VALUE ...] [--no-deadlock]
              [--no-invariant NAME ...]
Writes OUTDIR/<Name>.tla and OUTDIR/<Name>.cfg; run TLC as
  java -cp tla2tools.jar tlc2.TLC -workers 1 -config <Name>.cfg <Name>.tla
(TLC 2.15 rejects CHECK_DEADLOCK in a config: with --no-deadlock the config
carries a comment instead and TLC must be given -deadlock.)
"""
import argparse
import os
import re
import sys

KEYWORDS = ("spec", "const", "type", "var", "def", "init", "action",
            "invariant", "constraint", "assume")

CONTINUATION_WORDS = ("THEN", "ELSE", "IN", "OTHER")
BINARY_OPS = ("<=>", "=>", "=<", "<=", ">=", "/=", "=", "#", "<", ">", "\\in",
              "\\notin", "\\subseteq", "..", "\\union", "\\cup", "\\intersect",
              "\\cap", "\\o", "@@", ":>", "+", "*", "\\div", "%", "^", "\\")


def fail(msg):
    sys.exit("spec2tla: " + msg)


def strip_comments(text):
    """Blank out comments, keeping columns and line breaks."""
    out = []
    i, n = 0, len(text)
    in_str = False
    while i < n:
        ch = text[i]
        if in_str:
            out.append(ch)
            if ch == '"':
                in_str = False
            i += 1
            continue
        if ch == '"':
            in_str = True
            out.append(ch)
            i += 1
            continue
        two = text[i:i + 2]
        if two == "//" or two == "\\*":
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if two == "/*" or two == "(*":
            close = "*/" if two == "/*" else "*)"
            j = text.find(close, i + 2)
            if j < 0:
                fail("unterminated block comment")
            for c in text[i:j + 2]:
                out.append("\n" if c == "\n" else " ")
            i = j + 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def split_top(s, sep):
    """Split s at occurrences of sep that are outside brackets and strings."""
    parts, depth, cur, i = [], 0, [], 0
    in_str = False
    while i < len(s):
        ch = s[i]
        if in_str:
            cur.append(ch)
            in_str = ch != '"'
            i += 1
            continue
        if ch == '"':
            in_str = True
        elif s.startswith("<<", i):
            depth += 1
            cur.append("<<")
            i += 2
            continue
        elif s.startswith(">>", i):
            depth -= 1
            cur.append(">>")
            i += 2
            continue
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if depth == 0 and s.startswith(sep, i):
            parts.append("".join(cur))
            cur = []
            i += len(sep)
            continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def bracket_delta(line):
    d, i, in_str = 0, 0, False
    while i < len(line):
        ch = line[i]
        if in_str:
            in_str = ch != '"'
        elif ch == '"':
            in_str = True
        elif line.startswith("<<", i):
            d += 1
            i += 2
            continue
        elif line.startswith(">>", i):
            d -= 1
            i += 2
            continue
        elif ch in "([{":
            d += 1
        elif ch in ")]}":
            d -= 1
        i += 1
    return d


# ---------------------------------------------------------------- types


def type_to_set(t):
    """The TLA+ set of values of a type."""
    t = t.strip()
    alts = split_top(t, "|")
    if len(alts) > 1:
        if all(re.fullmatch(r'\s*"[^"]*"\s*', a) for a in alts):
            return "{" + ", ".join(a.strip() for a in alts) + "}"
        return "(" + " \\cup ".join(type_to_set(a) for a in alts) + ")"
    arrow = split_top(t, "->")
    if len(arrow) > 1:
        return "[" + type_to_set(arrow[0]) + " -> " + type_to_set("->".join(arrow[1:])) + "]"
    if re.fullmatch(r'"[^"]*"', t):
        return "{" + t + "}"
    if t.startswith("(") and t.endswith(")") and len(split_top(t[1:-1], "|")) >= 1:
        return type_to_set(t[1:-1])
    if t.startswith("[") and t.endswith("]"):
        fields = []
        for f in split_top(t[1:-1], ","):
            name, ftype = f.split(":", 1)
            fields.append(name.strip() + " : " + type_to_set(ftype))
        return "[" + ", ".join(fields) + "]"
    if t.startswith("<<") and t.endswith(">>"):
        comps = split_top(t[2:-2], ",")
        return "(" + " \\X ".join(type_to_set(c) for c in comps) + ")"
    m = re.fullmatch(r"Set\[(.*)\]", t, re.S)
    if m:
        return "(SUBSET " + type_to_set(m.group(1)) + ")"
    m = re.fullmatch(r"Seq\[(.*)\]", t, re.S)
    if m:
        return "Seq(" + type_to_set(m.group(1)) + ")"
    if t == "Bool":
        return "BOOLEAN"
    if t == "Int":
        return "Int"
    if ".." in t:
        return "(" + t + ")"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", t):
        return t
    fail("cannot read type: " + t)


# ---------------------------------------------------------------- expressions


def expr(e):
    """Translate expression text (mostly TLA+ already)."""
    out, i, in_str = [], 0, False
    while i < len(e):
        ch = e[i]
        if in_str:
            out.append(ch)
            in_str = ch != '"'
            i += 1
            continue
        if ch == '"':
            in_str = True
            out.append(ch)
            i += 1
            continue
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", e[i:])
        if m and (i == 0 or not (e[i - 1].isalnum() or e[i - 1] in "_\\")):
            word = m.group(0)
            out.append("BOOLEAN" if word == "Bool" else word)
            i += len(word)
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_params(s):
    params = []
    if not s.strip():
        return params
    for p in split_top(s, ","):
        name, ptype = p.split(":", 1)
        params.append((name.strip(), ptype.strip()))
    return params


# ---------------------------------------------------------------- blocks


def first_token(line):
    s = line.lstrip()
    for w in CONTINUATION_WORDS:
        if re.match(w + r"\b", s):
            return "cont"
    if s.startswith("[]") or s[:1] in ")]}" or s.startswith(">>"):
        return "cont"
    if s.startswith("/\\") or s.startswith("\\/"):
        return s[:2]
    for op in BINARY_OPS:
        if s.startswith(op):
            if op == "\\" and re.match(r"\\[A-Za-z]", s):
                break  # \E, \A, \in ... handled above or a prefix keyword
            return "cont"
    return "start"


def split_conjuncts(lines):
    """Split block lines into conjuncts: lists of (column, text) lines."""
    conjuncts = []
    cur, start_col, depth = None, None, 0
    for raw in lines:
        if not raw.strip():
            continue
        col = len(raw) - len(raw.lstrip())
        kind = first_token(raw)
        new = cur is None or (depth <= 0 and col <= start_col and kind != "cont")
        # TLA+ disjunction list as a block item: \/ lines aligned in one column
        if new and cur is not None and kind == "\\/" and col == start_col \
                and cur[0][1].lstrip().startswith("\\/"):
            new = False
        if new:
            cur = []
            conjuncts.append(cur)
            start_col, depth = col, 0
        cur.append((col, raw))
        depth += bracket_delta(raw)
    return conjuncts


def match_path(s):
    """s starts with '['; return (list of index texts, rest) for [a][b]..."""
    paths, i = [], 0
    while i < len(s) and s[i] == "[":
        depth, j = 0, i
        while j < len(s):
            if s[j] == "[":
                depth += 1
            elif s[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        paths.append(s[i + 1:j])
        i = j + 1
    return paths, s[i:]


def render(conj, indent="  "):
    c0 = conj[0][0]
    out = []
    for k, (col, raw) in enumerate(conj):
        text = raw[c0:] if col >= c0 else raw.lstrip()
        out.append((indent + "/\\ " if k == 0 else indent + "   ") + expr(text.rstrip()))
    return "\n".join(out)


def block_body(text):
    """Return the lines between the outer braces of a block declaration."""
    a, b = text.index("{"), text.rindex("}")
    inner = text[a + 1:b]
    if "\n" not in inner:
        return ["  " + inner.strip()]
    lines = inner.split("\n")
    # text after '{' on the opening line is not used by these specs
    if lines[0].strip():
        fail("text after '{' on the opening line is not supported")
    return lines[1:]


def translate_block(lines, variables, is_action):
    conjuncts = split_conjuncts(lines)
    items = []          # rendered conjunct texts (or sugar placeholders)
    sugar = {}          # var -> list of (path, rhs)
    order = []
    for conj in conjuncts:
        c0 = conj[0][0]
        text = "\n".join(raw[c0:] if col >= c0 else raw.lstrip() for col, raw in conj)
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)'\[", text)
        if is_action and m and m.group(1) in variables:
            v = m.group(1)
            paths, rest = match_path(text[len(v) + 1:])
            mm = re.match(r"\s*=\s*(.*)$", rest, re.S)
            if not mm:
                fail("cannot read sugar conjunct: " + text)
            if v not in sugar:
                sugar[v] = []
                items.append(("sugar", v))
            sugar[v].append(("".join("[" + expr(p) + "]" for p in paths), mm.group(1)))
            continue
        if re.search(r"[A-Za-z0-9_]'\[[^\]]*\]\s*=[^=]", text) and is_action:
            # sugar used inside a branch: not handled by this tool
            inner = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)'\[", text)
            if any(v in variables for v in inner) and re.search(
                    r"(" + "|".join(variables) + r")'\[[^\]]*\]\s*=\s*[^=]", text):
                # only a problem when it is a binding (x'[k] = e), not a read like f[x'[k]]
                for v in variables:
                    if re.search(r"(^|[^A-Za-z0-9_\[])" + v + r"'\[[^\]]*\]\s*=\s*", text):
                        fail("x'[k] = e sugar inside a branch is not supported: " + text)
        um = re.match(r"UNCHANGED\s+(.*)$", text, re.S)
        if um and not um.group(1).strip().startswith("<<"):
            items.append(("text", "  /\\ UNCHANGED <<" + um.group(1).strip() + ">>"))
            continue
        items.append(("text", render(conj)))
    out = []
    for kind, val in items:
        if kind == "text":
            out.append(val)
        else:
            v = val
            clauses = ", ".join("!" + p + " = " + expr(rhs.strip()) for p, rhs in sugar[v])
            out.append("  /\\ " + v + "' = [" + v + " EXCEPT " + clauses + "]")
    body = "\n".join(out)
    if is_action:
        primed = {v for v in variables if re.search(r"(?<![A-Za-z0-9_])" + v + r"'", body)}
        for kind, val in items:
            if kind == "sugar":
                primed.add(val)
        unchanged = [v for v in variables if v not in primed]
        if unchanged:
            body += "\n  /\\ UNCHANGED <<" + ", ".join(unchanged) + ">>"
    return body


# ---------------------------------------------------------------- declarations


def declarations(text):
    lines = text.split("\n")
    decls, cur = [], None
    for line in lines:
        m = re.match(r"(" + "|".join(KEYWORDS) + r")\b", line)
        if m and not line[:1].isspace():
            cur = [m.group(1), [line]]
            decls.append(cur)
        elif cur is not None:
            cur[1].append(line)
        elif line.strip():
            fail("text before the first declaration: " + line)
    return [(k, "\n".join(ls).rstrip()) for k, ls in decls]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("outdir")
    ap.add_argument("--const", action="append", default=[])
    ap.add_argument("--no-deadlock", action="store_true")
    ap.add_argument("--no-invariant", action="append", default=[])
    args = ap.parse_args()
    overrides = dict(c.split("=", 1) for c in args.const)

    src = strip_comments(open(args.spec, encoding="utf-8").read())
    decls = declarations(src)
    name = None
    consts, types, variables, defs, actions = [], [], [], [], []
    init_lines, invariants, constraints, assumes = None, [], [], []
    for kind, text in decls:
        head = text[len(kind):]
        if kind == "spec":
            name = head.strip()
        elif kind == "const":
            m = re.match(r"\s*([A-Za-z_]\w*)\s*:(.*)$", head, re.S)
            cname, rest = m.group(1), m.group(2)
            parts = split_top(rest, "=")
            if len(parts) < 2:
                fail("constant without a default: " + cname)
            value = overrides.pop(cname, "=".join(parts[1:]).strip())
            consts.append((cname, value))
        elif kind == "type":
            m = re.match(r"\s*([A-Za-z_]\w*)\s*=(.*)$", head, re.S)
            types.append((m.group(1), m.group(2).strip()))
        elif kind == "var":
            m = re.match(r"\s*([A-Za-z_]\w*)\s*:(.*)$", head, re.S)
            variables.append((m.group(1), m.group(2).strip()))
        elif kind == "def":
            m = re.match(r"\s*([A-Za-z_]\w*)\s*(\((.*?)\))?\s*(:[^=]*)?=(.*)$", head, re.S)
            if not m:
                fail("cannot read def: " + text)
            params = parse_params(m.group(3) or "")
            defs.append((m.group(1), params, m.group(5)))
        elif kind == "init":
            init_lines = block_body(text)
        elif kind == "action":
            m = re.match(r"\s*([A-Za-z_]\w*)\s*(\((.*?)\))?\s*\{", head, re.S)
            if not m:
                fail("cannot read action: " + text)
            actions.append((m.group(1), parse_params(m.group(3) or ""), block_body(text)))
        elif kind in ("invariant", "constraint"):
            m = re.match(r"\s*([A-Za-z_]\w*)\s*:(.*)$", head, re.S)
            (invariants if kind == "invariant" else constraints).append((m.group(1), m.group(2)))
        elif kind == "assume":
            assumes.append(head)
    if overrides:
        fail("unknown constants: " + ", ".join(overrides))
    varnames = [v for v, _ in variables]

    out = ["---- MODULE " + name + " ----",
           "EXTENDS Integers, Sequences, FiniteSets, TLC", ""]
    for cname, value in consts:
        out.append(cname + " == " + expr(value))
    for tname, t in types:
        out.append(tname + " == " + type_to_set(t))
    out.append("VARIABLES " + ", ".join(varnames))
    out.append("vars__ == <<" + ", ".join(varnames) + ">>")
    for a in assumes:
        out.append("ASSUME " + expr(a.strip()))
    # defs may refer to one another in any order: emit them in dependency order
    emitted, pending = set(), list(defs)
    def_names = {d[0] for d in defs}
    while pending:
        progress = False
        for d in list(pending):
            dname, params, body = d
            deps = {w for w in re.findall(r"[A-Za-z_]\w*", body) if w in def_names and w != dname}
            if deps <= emitted:
                recursive = re.search(r"(?<![A-Za-z0-9_])" + dname + r"\s*\(", body)
                sig = dname + ("(" + ", ".join(p for p, _ in params) + ")" if params else "")
                if recursive:
                    out.append("RECURSIVE " + dname + "(" + ", ".join("_" for _ in params) + ")")
                out.append(sig + " ==" + expr(body))
                emitted.add(dname)
                pending.remove(d)
                progress = True
        if not progress:
            fail("cyclic defs: " + ", ".join(d[0] for d in pending))
    out.append("")
    out.append("Init__ ==")
    out.append(translate_block(init_lines, varnames, False))
    disjuncts = []
    for aname, params, lines in actions:
        sig = "Act_" + aname + ("(" + ", ".join(p for p, _ in params) + ")" if params else "")
        out.append("")
        out.append(sig + " ==")
        out.append(translate_block(lines, varnames, True))
        if params:
            binders = ", ".join(p + " \\in " + type_to_set(t) for p, t in params)
            disjuncts.append("\\E " + binders + " : " + sig)
        else:
            disjuncts.append(sig)
    out.append("")
    out.append("Next__ ==")
    for d in disjuncts:
        out.append("  \\/ " + d)
    out.append("")
    for iname, body in invariants:
        if iname in args.no_invariant:
            continue
        out.append(iname + " ==" + expr(body))
    for cname, body in constraints:
        out.append(cname + " ==" + expr(body))
    out.append("TypeOK_gen ==")
    for v, t in variables:
        out.append("  /\\ " + v + " \\in " + type_to_set(t))
    out.append("====")

    cfg = ["INIT Init__", "NEXT Next__", "INVARIANT TypeOK_gen"]
    cfg += ["INVARIANT " + i for i, _ in invariants if i not in args.no_invariant]
    cfg += ["CONSTRAINT " + c for c, _ in constraints]
    if args.no_deadlock:
        cfg.append("\\* CHECK_DEADLOCK FALSE (run TLC with -deadlock)")
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, name + ".tla"), "w") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(args.outdir, name + ".cfg"), "w") as f:
        f.write("\n".join(cfg) + "\n")


if __name__ == "__main__":
    main()
