#!/usr/bin/env python3
"""Size limits of the sources (docs/design.md, "Code size"): no file over 500 lines and no
function over 120 lines, except the recurrent kernels and BPTT (src/rnn) and the task engine's
step loop (`play` in src/task/engine.cpp), whose length is their speed.

Usage: check_sizes.py ROOT [DIR ...]   (default DIRs: src include apps python/src)
Prints one line per offender ("file path:line: N lines, limit L") and exits 1 if there is any.

Functions are found by their braces once comments and string literals are blanked out: a
brace block opened at namespace or class scope whose head has a parameter list ")" is a
function (free, member, or a lambda bound at namespace scope); its length runs from the first
line of its head to its closing brace.
"""
import pathlib
import re
import sys

FILE_LIMIT = 500
FUNCTION_LIMIT = 120
# (path prefix, function name or None for every function in it)
EXEMPT = [("src/rnn/", None), ("src/task/engine.cpp", "play")]


def blank_literals(text):
    """The text with comments, string and character literals replaced by spaces (newlines
    kept, so line numbers stay)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(text[i])
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
        elif text[i] in "\"'":
            quote, j = text[i], i + 1
            while j < n and text[j] != quote and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(re.sub(r"[^\n]", " ", text[i:j]))
        i = j
    return "".join(out)


def functions(text):
    """(name, first line, number of lines) of every function body in a C++ source."""
    t = blank_literals(text)
    stack, found, head_start = [], [], 0
    for i, c in enumerate(t):
        if c not in ";{}":
            continue
        head = t[head_start:i]
        if c == "{":
            h = " ".join(head.split())
            top = stack[-1][0] if stack else "namespace"
            if re.search(r"\bnamespace\b", h) or h.startswith('extern'):
                kind = "namespace"
            elif re.search(r"\b(class|struct|union|enum)\b[^()]*$", h):
                kind = "class"
            elif top in ("namespace", "class") and ")" in h and not h.endswith("="):
                kind = "function"
            else:
                kind = "block"
            k = head_start
            while k < i and t[k].isspace():
                k += 1
            first = t.count("\n", 0, k) + 1
            m = re.search(r"([A-Za-z_~][\w:~]*)\s*\(", h)
            stack.append((kind, first, m.group(1).split("::")[-1] if m else "?"))
        elif c == "}" and stack:
            kind, first, name = stack.pop()
            if kind == "function":
                found.append((name, first, t.count("\n", 0, i) + 1 - first + 1))
        head_start = i + 1
    return found


def exempt(rel, name):
    return any(rel.startswith(prefix) and (fn is None or fn == name) for prefix, fn in EXEMPT)


def offenders(root, dirs):
    root = pathlib.Path(root)
    lines = []
    for d in dirs:
        for path in sorted((root / d).rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".h", ".cc"):
                continue
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            n = text.count("\n")
            if n > FILE_LIMIT:
                lines.append(f"{rel}: {n} lines, limit {FILE_LIMIT}")
            for name, first, length in functions(text):
                if length > FUNCTION_LIMIT and not exempt(rel, name):
                    lines.append(f"{rel}:{first}: function {name}: {length} lines, limit {FUNCTION_LIMIT}")
    return lines


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    dirs = argv[2:] or ["src", "include", "apps", "python/src"]
    found = offenders(argv[1], dirs)
    for line in found:
        print(line)
    print(f"check_sizes: {len(found)} over the limits in {', '.join(dirs)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
