# SPDX-License-Identifier: GPL-3.0-or-later
"""The conformance report: one row per request (granted or refused), the rule results of each
grant, and the list of broken rules with their explanations.  Prints as a table; as_dict()
and to_json() give the same content for programs."""

import json
from dataclasses import dataclass, field

from .rules import ERROR, RULE_ORDER, RULES, WARNING


@dataclass
class Grant:
    """What one granted request returned (Py_buffer fields; None where NULL or unreadable)."""
    address: int
    len: int
    itemsize: int
    readonly: bool
    ndim: int
    format: object
    shape: object
    strides: object
    suboffsets: object

    def summary(self):
        return (f"address 0x{self.address:x}, len {self.len}, itemsize {self.itemsize}, "
                f"format {self.format!r}, shape {self.shape}, strides {self.strides}")

    def as_dict(self):
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class RuleResult:
    rule: str
    outcome: str  # "pass", "fail" or "n/a"
    message: str

    @property
    def severity(self):
        return RULES[self.rule].severity

    @property
    def broken(self):
        return self.outcome == "fail"

    def as_dict(self):
        return {"rule": self.rule, "outcome": self.outcome, "severity": self.severity,
                "message": self.message}


@dataclass
class RequestResult:
    name: str
    flags: int
    accepted: bool
    error_type: object  # exception class name when refused
    error_text: object
    grant: object  # Grant when accepted
    rules: list = field(default_factory=list)

    def failures(self, severity=None):
        return [r for r in self.rules if r.broken and (severity is None or r.severity == severity)]

    def as_dict(self):
        return {"request": self.name, "flags": self.flags, "accepted": self.accepted,
                "error": None if self.accepted else {"type": self.error_type, "text": self.error_text},
                "buffer": self.grant.as_dict() if self.grant else None,
                "rules": [r.as_dict() for r in self.rules]}


@dataclass
class Report:
    name: object
    type_name: str
    repr: str
    owner: object
    requests: list
    notes: list = field(default_factory=list)  # [(severity, message)] from core's diagnostics

    @property
    def exporter(self):
        """False when every request was refused (the object exports no buffer at all)."""
        return any(r.accepted for r in self.requests)

    @property
    def ok(self):
        """True when no rule of severity 'error' is broken (warnings do not count)."""
        return not self.broken(ERROR)

    def broken(self, severity=None):
        """[(request name, RuleResult)] for every failed rule, optionally of one severity."""
        return [(r.name, rule) for r in self.requests for rule in r.failures(severity)]

    def broken_rules(self, severity=None):
        """The ids of the rules broken at least once, in the catalogue's order."""
        ids = {rule.rule for _, rule in self.broken(severity)}
        return [rule for rule in RULE_ORDER if rule in ids]

    def as_dict(self):
        return {"object": {"name": self.name, "type": self.type_name, "repr": self.repr},
                "owner": self.owner.as_dict() if self.owner else None,
                "ok": self.ok,
                "broken": self.broken_rules(ERROR),
                "warnings": self.broken_rules(WARNING),
                "notes": [{"severity": severity, "message": message} for severity, message in self.notes],
                "requests": [r.as_dict() for r in self.requests]}

    def to_json(self, indent=2):
        return json.dumps(self.as_dict(), indent=indent)

    def __str__(self):
        return format_report(self)


def _cell(value):
    if value is None:
        return "NULL"
    if isinstance(value, tuple):
        return "(" + ",".join(str(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return str(value)


def _table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def format_report(report):
    title = report.name or report.repr
    lines = [f"bufferscope check: {title}", f"type: {report.type_name}"]
    if report.name:
        lines.append(f"repr: {report.repr}")
    lines.append(f"owner: {report.owner}" if report.owner else
                 "owner: no statement (elements are only checked to be readable)")
    lines.append("")
    rows = [["request", "answer", "format", "itemsize", "len", "ndim", "shape", "strides",
             "suboffsets", "rules"]]
    for r in report.requests:
        if not r.accepted:
            text = f"{r.error_type}: {r.error_text}"
            broken = ", ".join(x.rule for x in r.failures())
            rows.append([r.name, "refused", text, "", "", "", "", "", "", broken or "-"])
            continue
        g = r.grant
        errors = [x.rule for x in r.failures(ERROR)]
        warnings = [x.rule + " (w)" for x in r.failures(WARNING)]
        rows.append([r.name, "granted", _cell(g.format), str(g.itemsize), str(g.len), str(g.ndim),
                     _cell(g.shape), _cell(g.strides), _cell(g.suboffsets),
                     ", ".join(errors + warnings) or "ok"])
    # Refusal texts can be long: keep the table narrow by putting them in the format column
    # only up to 48 characters, full text below.
    for row in rows[1:]:
        if row[1] == "refused" and len(row[2]) > 48:
            row[2] = row[2][:45] + "..."
    lines += _table(rows)

    for severity, heading in ((ERROR, "Broken rules"), (WARNING, "Warnings")):
        ids = report.broken_rules(severity)
        if not ids:
            continue
        lines += ["", f"{heading}:"]
        for rule_id in ids:
            rule = RULES[rule_id]
            lines.append(f"  {rule_id}: {rule.title}")
            lines.append(f"    why: {rule.why}")
            # One line per distinct message, with the requests that produced it.
            messages = {}
            for name, result in report.broken(severity):
                if result.rule == rule_id:
                    messages.setdefault(result.message, []).append(name)
            for message, names in messages.items():
                lines.append(f"    {', '.join(names)}: {message}")
    if report.notes:
        lines += ["", "Layout notes:"]
        lines += [f"  {severity}: {message}" for severity, message in report.notes]
    refused = [r for r in report.requests if not r.accepted and len(f"{r.error_type}: {r.error_text}") > 48]
    if refused:
        lines += ["", "Refusals in full:"]
        for r in refused:
            lines.append(f"  {r.name}: {r.error_type}: {r.error_text}")
    lines.append("")
    if not report.exporter:
        lines.append("not a buffer exporter: every request was refused")
    elif report.ok:
        warnings = len(report.broken_rules(WARNING))
        lines.append("ok: no rule broken" + (f" ({warnings} warning rule(s) broken)" if warnings else ""))
    else:
        lines.append(f"{len(report.broken_rules(ERROR))} rule(s) broken")
    return "\n".join(lines)
