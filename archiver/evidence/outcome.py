"""Check outcomes: lines for a person, and the verdict (verified, tampered, cannot check)."""

from __future__ import annotations

from dataclasses import dataclass, field

OK = "ok"
TAMPERED = "tampered"
CANNOT_CHECK = "cannot-check"
NOTE = "note"
_MARK = {OK: "OK  ", TAMPERED: "FAIL", CANNOT_CHECK: "????", NOTE: "NOTE"}


@dataclass
class Outcome:
    """Problems found by one check, by kind, and lines that passed."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    def tampered(self, message: str) -> None:
        self.problems.append((TAMPERED, message))

    def cannot(self, message: str) -> None:
        self.problems.append((CANNOT_CHECK, message))

    def note(self, message: str) -> None:
        self.problems.append((NOTE, message))

    def ok(self, message: str) -> None:
        self.passed.append(message)

    def extend(self, other: Outcome) -> None:
        self.problems += other.problems
        self.passed += other.passed

    @property
    def verdict(self) -> str:
        kinds = {kind for kind, _ in self.problems}
        if TAMPERED in kinds:
            return TAMPERED
        if CANNOT_CHECK in kinds:
            return CANNOT_CHECK
        return OK

    def lines(self) -> list[str]:
        """Passed checks first, then problems, each marked."""
        out = [f"{_MARK[OK]} {m}" for m in self.passed]
        return out + [f"{_MARK[kind]} {m}" for kind, m in self.problems]
