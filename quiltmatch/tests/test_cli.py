"""The command-line interface and its JSON formats."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from quiltmatch import __version__
from quiltmatch.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    return str(path)


SCORED = {
    "mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 2, "urim": True}],
    "mentees": [
        {"id": 1, "urim": True},
        {"id": 2, "first_gen": True},
        {"id": 3, "low_income": True},
    ],
    "pairs": [[1, "m1", 0.9], [1, "m2", 0.5], [2, "m1", 0.8], [3, "m2", 0.4]],
    "load_costs": [0.0, 0.1],
}


@pytest.mark.parametrize("mode", ["optimal", "stable", "blended"])
def test_solve_scored_instance(tmp_path, mode):
    out_file = tmp_path / "result.json"
    status, out, _ = run("solve", write(tmp_path, SCORED), "--mode", mode, "--out", str(out_file))
    assert status == 0
    assert "matched" in out
    result = json.loads(out_file.read_text())
    assert result["version"] == __version__ and result["mode"] == mode
    pairs = {(p["mentee"], p["mentor"]) for p in result["pairs"]}
    if mode == "stable":  # m1 prefers mentee 1, mentee 2 has no other option
        assert pairs == {(1, "m1"), (3, "m2")} and result["unmatched"] == [2]
    else:  # coverage first: mentee 1 takes m2 so that mentee 2 gets m1
        assert pairs == {(1, "m2"), (2, "m1"), (3, "m2")} and result["unmatched"] == []
    assert set(result) >= {"pairs", "unmatched", "objective", "blocking_pairs", "report"}


def test_solve_with_preference_lists(tmp_path):
    data = {
        "mentors": [{"id": 0, "capacity": 1, "preferences": ["a", "b"]}],
        "mentees": [{"id": "a", "preferences": [0]}, {"id": "b", "preferences": [0]}],
    }
    status, out, _ = run("solve", write(tmp_path, data), "--mode", "stable", "--quiet")
    assert status == 0
    result = json.loads(out)
    assert [(p["mentee"], p["mentor"]) for p in result["pairs"]] == [("a", 0)]
    assert result["unmatched"] == ["b"] and result["blocking_pairs"] == []


def test_generate_solve_and_explain_a_profile_instance(tmp_path):
    inst = tmp_path / "profiles.json"
    res = tmp_path / "result.json"
    assert (
        run("generate", "--mentees", "60", "--mentors", "25", "--seed", "4", "--out", str(inst))[0]
        == 0
    )
    assert run("solve", str(inst), "--mode", "optimal", "--out", str(res))[0] == 0
    status, out, _ = run("explain", str(inst), "--mentee", "3", "--top", "2")
    assert status == 0 and "score" in out
    status, out, _ = run("explain", str(inst), "--result", str(res), "--json")
    items = json.loads(out)
    assert len(items) == len(json.loads(res.read_text())["pairs"])
    assert all(abs(i["score"] - sum(c["points"] for c in i["contributions"])) < 1e-9 for i in items)


def test_invalid_input_exits_2(tmp_path):
    bad = {"mentors": [{"id": 1, "capacity": 1}], "mentees": [{"id": 1}], "pairs": [[2, 1, 0.5]]}
    status, _, err = run("solve", write(tmp_path, bad), "--mode", "optimal")
    assert status == 2 and "unknown" in err
    status, _, err = run("solve", write(tmp_path, {"mentors": [{"id": 1, "colour": 3}]}))
    assert status == 2


def test_module_entry_point(tmp_path):
    proc = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "quiltmatch", "solve", write(tmp_path, SCORED), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["format"] == "quiltmatch-result/1"
