"""Prints the reference section of docs/python.md from the package's docstrings; with
--write, replaces the section between the reference markers in docs/python.md."""
import inspect
import pathlib
import sys

import iblrnn
import iblrnn.bayes
import iblrnn.behavior

DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "python.md"
START, END = "<!-- reference:start -->", "<!-- reference:end -->"


def signature(obj):
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""


def entry(qualname, obj):
    doc = inspect.getdoc(obj) or ""
    sig = signature(obj) if callable(obj) and not inspect.isclass(obj) else ""
    lines = [f"### `{qualname}{sig}`", "", "```text", doc, "```", ""]
    if inspect.isclass(obj):
        for name, member in vars(obj).items():
            if name.startswith("_"):
                continue
            mdoc = inspect.getdoc(member) or ""
            lines += [f"- `{qualname}.{name}`: " + mdoc.replace("\n", " ")]
        lines.append("")
    return lines


def reference():
    lines = []
    for module in (iblrnn, iblrnn.bayes, iblrnn.behavior):
        for name in module.__all__:
            obj = getattr(module, name)
            if name.startswith("__") or inspect.ismodule(obj) or not callable(obj):
                continue
            lines += entry(f"{module.__name__}.{name}", obj)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    text = reference()
    if "--write" in sys.argv:
        doc = DOC.read_text()
        head, rest = doc.split(START)
        _, tail = rest.split(END)
        DOC.write_text(head + START + "\n" + text + END + tail)
    else:
        sys.stdout.write(text)
