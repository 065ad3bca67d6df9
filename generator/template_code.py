"""Jinja's code generator, made to write a template's calls as plain Python calls.

Jinja compiles `{{ L.actor(x) }}` to `context.call(L.actor, x)`, a Python function that asks,
on each of the ~1.4 million calls of a 10,000-article build, whether the callable wants Jinja's
context passed in: an answer that never changes here. Jinja passes its context only to
callables marked `pass_context`/`pass_environment`/`pass_eval_context`; no callable a template
of ours reaches is (no macros, no call blocks; `render.environment()` refuses globals that are),
so a call is written as a plain call. A call block (`{% call %}`) keeps Jinja's path.

The pages are the same, byte for byte (tests/test_units.py renders templates both ways).

Attribute reads (`environment.getattr`, ~5 million) stay Jinja's: written as the builtin
`getattr` with a fallback for dict keys, the build ran 0.3 % more instructions, not fewer
(measured with `valgrind --tool=cachegrind` on a 300-article build).

`PlainEnvironment` also gives each template its globals as a plain dict: Jinja's `ChainMap` was
copied key by key, in Python, into the context of every page rendered (~58,000 at 10,000
articles). Globals are never changed once the environment is made.
"""

from __future__ import annotations

import io
import typing as t

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst


class PlainCodeGenerator(CodeGenerator):
    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if forward_caller or self.environment.is_async or self.environment.sandboxed:
            return super().visit_Call(node, frame, forward_caller)
        self.write("(")
        self.visit(node.node, frame)
        self.write(")(")
        stream, self.stream = self.stream, io.StringIO()
        try:
            self.signature(node, frame)         # writes ", arg, …": the first comma is dropped
        finally:
            args, self.stream = self.stream.getvalue(), stream
        self.write(args[2:] if args.startswith(", ") else args)
        self.write(")")


class PlainEnvironment(jinja2.Environment):
    def make_globals(self, d: t.MutableMapping[str, t.Any] | None) -> t.MutableMapping[str, t.Any]:
        return {**self.globals, **(d or {})}
