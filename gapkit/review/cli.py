"""Commands of review and the graph: confirm, reject, propose, approve, the undo commands (unreject, withdraw, reset,
revert), gaps, status, impact, history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gapkit.clitools import emit, fail, workspace_options
from gapkit.review import (
    CHANGES,
    RELATIONS,
    VERDICTS,
    ConflictError,
    MappingStore,
    ReviewError,
    history,
    import_assessments,
)
from gapkit.workspace import Workspace

EXIT_CONFLICT = 3


def _store_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except ConflictError as e:
        click.echo(f"gapkit: conflict: {e}", err=True)
        sys.exit(EXIT_CONFLICT)
    except ReviewError as e:
        fail(str(e))


def _landed(fmt: str, m: Any, ws: Workspace, what: str) -> None:
    emit(fmt, m.as_dict(ws), lambda: f"{what} {m.requirement}: revision {m.revision} by {m.reviewer}")


@click.command()
@click.argument("requirement")
@click.argument("provisions", nargs=-1)
@click.option("--relation", required=True, type=click.Choice(RELATIONS))
@click.option("--verdict", required=True, type=click.Choice(VERDICTS))
@click.option("--reason", required=True, help="Why: what the provisions do and do not do.")
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--expect-revision", type=int, help="The revision you reviewed; refused if it changed since.")
@click.option("--practice-verdict", type=click.Choice(VERDICTS), help="Optional: what practice shows.")
@click.option("--practice-note", default="", help="Optional: the facts on practice (CEACR, inspection figures).")
@workspace_options
def confirm(ws: Workspace, fmt: str, requirement: str, provisions: tuple[str, ...], relation: str, verdict: str,
            reason: str, reviewer: str, expect_revision: int | None, practice_verdict: str | None,
            practice_note: str) -> None:
    """Confirm which national PROVISIONS meet REQUIREMENT, with relation, verdict and reason."""
    practice = {"verdict": practice_verdict or "", "note": practice_note}
    m = _store_call(MappingStore(ws).confirm, requirement, list(provisions), relation, verdict, reason, reviewer,
                    expect_revision, practice)
    _landed(fmt, m, ws, "confirmed")


@click.command("confirm-preliminary")
@click.argument("requirement")
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--expect-revision", type=int, help="The revision you reviewed; refused if it changed since.")
@workspace_options
def confirm_preliminary(ws: Workspace, fmt: str, requirement: str, reviewer: str, expect_revision: int | None) -> None:
    """Confirm the analysis team's preliminary assessment of REQUIREMENT as it is, under your name (the assessment
    stays in the history). To change it instead, use `gapkit confirm` with your own decision."""
    m = _store_call(MappingStore(ws).accept, requirement, reviewer, expect_revision)
    _landed(fmt, m, ws, "confirmed the preliminary assessment of")


@click.command()
@click.argument("requirement")
@click.argument("provision")
@click.option("--reason", required=True)
@click.option("--reviewer", required=True)
@click.option("--expect-revision", type=int)
@workspace_options
def reject(ws: Workspace, fmt: str, requirement: str, provision: str, reason: str, reviewer: str,
           expect_revision: int | None) -> None:
    """Reject a suggested PROVISION for REQUIREMENT (kept, so it is not suggested again)."""
    m = _store_call(MappingStore(ws).reject, requirement, provision, reason, reviewer, expect_revision)
    _landed(fmt, m, ws, "rejected a provision for")


@click.command()
@click.argument("requirement")
@click.option("--provision", required=True, help="The national provision to amend (or to create).")
@click.option("--proposed", default="", help="The proposed wording (with --change append: the words added).")
@click.option("--change", type=click.Choice(CHANGES), default=None,
              help="wording: a new wording of the whole unit (default); append: words added at its end "
                   "(«дополнить … следующего содержания»); new: a unit the act does not have yet (default for one "
                   "the workspace does not hold); delete: «исключить».")
@click.option("--justification", required=True, help="Why: the Convention article and CEACR comment it answers.")
@click.option("--proposed-en", default="", help="The proposed wording in English, for English documents.")
@click.option("--justification-en", default="", help="The justification in English, for English documents.")
@click.option("--reviewer", required=True)
@click.option("--expect-revision", type=int)
@workspace_options
def propose(ws: Workspace, fmt: str, requirement: str, provision: str, proposed: str, change: str | None,
            justification: str, proposed_en: str, justification_en: str, reviewer: str,
            expect_revision: int | None) -> None:
    """Propose an amendment of a provision to answer REQUIREMENT, drafted on the provision's official text where
    the workspace holds it (else on our summary, recorded as such, to be redrafted when the official text comes)."""
    m = _store_call(MappingStore(ws).propose, requirement, provision, proposed, justification, reviewer,
                    expect_revision, change, proposed_en, justification_en)
    _landed(fmt, m, ws, "proposal recorded on")


@click.command()
@click.argument("requirement")
@click.option("--approver", required=True, help="Your name: a second person, not the decision's reviewer.")
@click.option("--revision", "--expect-revision", "expect_revision", type=int,
              help="The revision you read and approve; refused if it changed since.")
@workspace_options
def approve(ws: Workspace, fmt: str, requirement: str, approver: str, expect_revision: int | None) -> None:
    """Approve the confirmed decision on REQUIREMENT as a second person (four eyes). Any later change of the
    decision or of its proposals clears the approval."""
    m = _store_call(MappingStore(ws).approve, requirement, approver, expect_revision)
    emit(fmt, m.as_dict(ws), lambda: f"approved {m.requirement}: revision {m.approval['revision']} by "
                                     f"{m.approval['approver']} (now revision {m.revision})")


@click.command()
@click.argument("requirement")
@click.argument("provision")
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--expect-revision", type=int, help="The revision you read; refused if it changed since.")
@workspace_options
def unreject(ws: Workspace, fmt: str, requirement: str, provision: str, reviewer: str,
             expect_revision: int | None) -> None:
    """Take back the rejection of PROVISION for REQUIREMENT (it may be suggested again)."""
    m = _store_call(MappingStore(ws).unreject, requirement, provision, reviewer, expect_revision)
    _landed(fmt, m, ws, "took back a rejection for")


@click.command()
@click.argument("requirement")
@click.argument("provision")
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--expect-revision", type=int, help="The revision you read; refused if it changed since.")
@workspace_options
def withdraw(ws: Workspace, fmt: str, requirement: str, provision: str, reviewer: str,
             expect_revision: int | None) -> None:
    """Withdraw the amendment proposal on PROVISION made for REQUIREMENT."""
    m = _store_call(MappingStore(ws).withdraw, requirement, provision, reviewer, expect_revision)
    _landed(fmt, m, ws, "withdrew a proposal for")


@click.command()
@click.argument("requirement")
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--expect-revision", type=int, help="The revision you read; refused if it changed since.")
@workspace_options
def reset(ws: Workspace, fmt: str, requirement: str, reviewer: str, expect_revision: int | None) -> None:
    """Set the decision on REQUIREMENT back to not reviewed (it stays in the history; rejections and proposals
    stay: `gapkit unreject` and `gapkit withdraw` take those back)."""
    m = _store_call(MappingStore(ws).reset, requirement, reviewer, expect_revision)
    _landed(fmt, m, ws, "reset")


@click.command()
@click.argument("requirement")
@click.option("--to", "to_revision", required=True, type=int,
              help="The revision to restore (`gapkit history REQUIREMENT` lists them).")
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--expect-revision", type=int, help="The revision you read; refused if it changed since.")
@workspace_options
def revert(ws: Workspace, fmt: str, requirement: str, to_revision: int, reviewer: str,
           expect_revision: int | None) -> None:
    """Restore the decision on REQUIREMENT as it was after revision --to, as a new revision: a restored confirmed
    decision is yours; a restored preliminary assessment stays the analysis team's."""
    m = _store_call(MappingStore(ws).revert, requirement, to_revision, reviewer, expect_revision)
    emit(fmt, m.as_dict(ws), lambda: f"reverted {m.requirement} to revision {to_revision}: now revision "
                                     f"{m.revision} ({m.verdict})")


@click.command("history")
@click.argument("requirement")
@workspace_options
def history_(ws: Workspace, fmt: str, requirement: str) -> None:
    """The audit trail of one requirement: who changed what, when, from what to what."""
    rows = history(ws.root, requirement)

    def text() -> str:
        lines = []
        for e in rows:
            if e.get("damaged"):
                lines.append(f"line {e['line']} of {e['file']} is damaged (a write cut short); it names "
                             f"{requirement}")
                continue
            after = e.get("after") or {}
            who = e.get("reviewer") or e.get("by", "")
            lines.append(f"{e.get('time', '')}  {who}  {e.get('action', '')}  revision {e.get('revision', '')}: "
                         f"{after.get('verdict', '')} {', '.join(after.get('provisions', []))}")
        return "\n".join(lines) or f"no recorded change on {requirement}"

    emit(fmt, rows, text)


@click.command("decisions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; write nothing.")
@workspace_options
def import_decisions(ws: Workspace, fmt: str, file: Path, dry_run: bool) -> None:
    """Record the analysis team's preliminary assessments from a YAML file (`decisions:` with requirement,
    provisions, relation, verdict, reason {ru, en}, recommendation {ru, en}, measure, points, question): each through
    the review store, with its audit line and without a person's name. A decision confirmed by a named reviewer is
    never replaced. Any wrong entry: nothing is written, each problem reported with its line (exit 2)."""
    result = import_assessments(ws, file, dry_run)

    def text() -> str:
        if result.problems:
            return "\n".join(str(p) for p in result.problems)
        verb = "would record" if dry_run else "recorded"
        lines = [f"{verb} {len(result.written)} preliminary assessment(s); {len(result.unchanged)} unchanged"]
        if result.kept:
            lines.append(f"kept {len(result.kept)} decision(s) confirmed by a named reviewer: {', '.join(result.kept)}")
        return "\n".join(lines)

    emit(fmt, result.as_dict(), text)
    if result.problems:
        sys.exit(2)


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', confirm),
    ('', confirm_preliminary),
    ('', reject),
    ('', propose),
    ('', approve),
    ('', unreject),
    ('', withdraw),
    ('', reset),
    ('', revert),
    ('', history_),
    ('import', import_decisions),
)
