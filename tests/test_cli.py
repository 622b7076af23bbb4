import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from workbench import __version__
from workbench.cli import app

runner = CliRunner()


@pytest.mark.slow
def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("kommuner", "demo", "config"):
        assert command in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"workbench {__version__}"


def test_kommuner_prints_14_rows():
    result = runner.invoke(app, ["kommuner", "--csv"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 15 and lines[0].startswith("kommun_id_scb,name")
    assert any(line.startswith("2580,Luleå,Lulea,") for line in lines)
    table = runner.invoke(app, ["kommuner"])
    assert len(table.output.strip().splitlines()) == 15


@pytest.mark.slow
def test_console_script_reports_user_errors_without_traceback(tmp_path):
    """An unknown municipality exits with code 2 and a one-screen message naming valid names."""
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "demo", "--out", str(tmp_path), "--kommun", "Umeå"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Unknown municipality 'Umeå'" in result.stderr and "2580 Luleå" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_config_command_lists_assumptions_and_rejects_bad_file(tmp_path):
    ok = runner.invoke(app, ["config"])
    assert ok.exit_code == 0 and "pv.losses_pct" in ok.output
    bad = tmp_path / "s.yaml"
    bad.write_text("pv: {losses_pct: 120}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "config", "--scenario", str(bad)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "'pv.losses_pct' = 120" in result.stderr
    schema = json.loads(runner.invoke(app, ["config", "--schema"]).output)
    assert "pv" in schema["properties"]


@pytest.mark.slow
def test_demo_writes_summary_and_manifest(tmp_path):
    result = runner.invoke(
        app, ["demo", "--out", str(tmp_path), "--kommun", "Kiruna", "--kommun", "lulea"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["kommuner"] == ["2584", "2580"]
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert "summary.json" in manifest["outputs"] and manifest["workbench_version"] == __version__


def test_demo_jobs_from_environment(monkeypatch):
    """WORKBENCH_JOBS sets the parallel municipalities; a bad value names the variable."""
    import pytest

    from workbench.demo import default_jobs

    monkeypatch.setenv("WORKBENCH_JOBS", "3")
    assert default_jobs() == 3
    monkeypatch.setenv("WORKBENCH_JOBS", "two")
    with pytest.raises(ValueError, match="WORKBENCH_JOBS='two': expected a whole number"):
        default_jobs()


WEATHER_COMMANDS = (["solar"], ["match"], ["report"], ["demo"], ["weather", "show"])


@pytest.mark.slow
def test_every_weather_command_takes_a_weather_file_and_a_time_offset():
    """``--weather`` and ``--time-offset {detect,convention,<minutes>}`` on every command that
    reads weather; a value that is none of these is refused with what is expected."""
    for command in WEATHER_COMMANDS:
        shown = runner.invoke(app, [*command, "--help"], terminal_width=200)
        assert shown.exit_code == 0, command
        text = " ".join(shown.output.replace("│", " ").split())
        assert "--weather" in text and "--time-offset" in text, command
        assert "'detect' (default" in text, command
        bad = runner.invoke(app, [*command, "--kommun", "Luleå", "--time-offset", "format"])
        assert bad.exit_code == 2, command
        message = " ".join(bad.output.replace("│", " ").split())
        assert "expected 'detect', 'convention' or minutes" in message, command
