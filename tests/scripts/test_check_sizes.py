#!/usr/bin/python3
"""Tests of scripts/check_sizes.py on constructed sources whose sizes are known."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "check_sizes.py")
sys.path.insert(0, os.path.dirname(SCRIPT))
import check_sizes  # noqa: E402


def body(n_lines):
    """A function of exactly n_lines lines (head, n_lines - 2 statements, closing brace)."""
    return "int f(int x) {\n" + "  x += 1;\n" * (n_lines - 2) + "}\n"


class Functions(unittest.TestCase):
    def test_lengths_heads_and_scopes(self):
        src = ("namespace a {\n"                      # 1
               "struct S {\n"                         # 2
               "  int g() const {\n"                  # 3
               "    return 1;\n"                      # 4
               "  }\n"                                # 5
               "};\n"                                 # 6
               "std::vector<int>\n"                   # 7
               "long_head(int x,\n"                   # 8
               "          int y) {\n"                 # 9
               "  if (x) { y += 1; }\n"               # 10
               "  auto l = [&](int z) { return z; };\n"  # 11
               "  return {y};\n"                      # 12
               "}\n"                                  # 13
               "}  // namespace a\n")
        self.assertEqual(check_sizes.functions(src), [("g", 3, 3), ("long_head", 7, 7)])

    def test_braces_in_comments_and_literals_are_ignored(self):
        src = ('const char* s = "{{{";\n'
               "int h() {  // }\n"
               "  /* } } */ char c = '}';\n"
               '  auto r = R"x(})x";\n'
               "  return 0;\n"
               "}\n")
        self.assertEqual(check_sizes.functions(src), [("h", 2, 5)])

    def test_a_table_initialiser_is_not_a_function(self):
        src = "const int kTable[] = {\n  1,\n  2,\n};\nint f() { return kTable[0]; }\n"
        self.assertEqual(check_sizes.functions(src), [("f", 5, 1)])


class Tree(unittest.TestCase):
    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def run_script(self):
        p = subprocess.run([sys.executable, SCRIPT, self.root, "src"], capture_output=True, text=True)
        return p.returncode, p.stdout

    def setUp(self):
        self.root = tempfile.mkdtemp()

    def test_limits_are_inclusive_and_exemptions_hold(self):
        self.write("src/a/ok.cpp", body(120) + "\n" * 379)  # 500 lines, a 120-line function
        self.write("src/rnn/kernel.cpp", body(300))
        self.write("src/task/engine.cpp", body(10).replace("int f(", "RunRecord play(") +
                   body(130).replace("int f(", "RunRecord play(") + body(10))
        code, out = self.run_script()
        self.assertEqual(code, 0, out)

    def test_offenders_are_named(self):
        self.write("src/a/long_function.cpp", body(121))
        self.write("src/a/long_file.hpp", "\n" * 501)
        self.write("src/task/engine.cpp", body(121))  # only `play` is exempt there
        code, out = self.run_script()
        self.assertEqual(code, 1)
        self.assertIn("src/a/long_function.cpp:1: function f: 121 lines, limit 120", out)
        self.assertIn("src/a/long_file.hpp: 501 lines, limit 500", out)
        self.assertIn("src/task/engine.cpp:1: function f: 121 lines", out)
        self.assertIn("3 over the limits", out)


if __name__ == "__main__":
    unittest.main()
