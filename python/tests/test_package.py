"""The package itself: version, documentation of every public name, the type stubs."""
import ast
import inspect
import pathlib
import pydoc

import iblrnn
import iblrnn.bayes
from conftest import cli


def public_names(module):
    return [n for n in module.__all__ if not n.startswith("__")]


def test_version_is_the_command_lines():
    # The second line names the CPU kernel set the binary chose (kernels: avx512 (cpu: ...)).
    lines = cli("--version").stdout.strip().splitlines()
    assert lines[0] == f"iblrnn {iblrnn.__version__}"
    assert len(lines) == 2 and lines[1].startswith("kernels: ")


def test_every_public_name_has_a_docstring():
    missing = []
    for module in (iblrnn, iblrnn.bayes):
        for name in public_names(module):
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                continue
            if not (obj.__doc__ or "").strip():
                missing.append(f"{module.__name__}.{name}")
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if not (getattr(member, "__doc__", None) or "").strip():
                        missing.append(f"{module.__name__}.{name}.{attr}")
    assert missing == []


def test_help_renders_for_the_package():
    text = pydoc.render_doc(iblrnn, renderer=pydoc.plaintext)
    for name in ("Task", "VectorTask", "simulate", "train", "load_network"):
        assert name in text


def test_stub_declares_every_public_name():
    stub = pathlib.Path(iblrnn.__file__).with_name("__init__.pyi")
    tree = ast.parse(stub.read_text())
    declared = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            declared.update(a.asname or a.name for a in node.names)
    assert set(iblrnn.__all__) - declared == set()
