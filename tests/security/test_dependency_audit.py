"""CI's dependency audit: a known vulnerability fails it, an unreachable service is one line and CI goes on.

The real pip-audit needs the network; here a stand-in with pip-audit's version line, JSON
report and exit codes runs through the same `.ci/audit-dependencies` script.
"""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / ".ci" / "audit-dependencies"

VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "4.2.0", "vulns": [{"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"]}]},
        {"name": "rules", "version": "3.5", "vulns": []},
    ],
    "fixes": [],
}
CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}], "fixes": []}
NOT_ANSWERED = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.19)"}
    ],
    "fixes": [],
}
CONNECTION_FAILURE = (
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): "
    "Max retries exceeded with url: /pypi/django/5.2.19/json"
)


def fake_pip_audit(tmp_path, *, report: dict | None, exit_code: int, output: str = "") -> Path:
    venv = tmp_path / "audit-venv"
    (venv / "bin").mkdir(parents=True)
    tool = venv / "bin" / "pip-audit"
    report_json = json.dumps(report) if report is not None else ""
    tool.write_text(
        "#!/usr/bin/env bash\n"
        'if [ "$1" = --version ]; then echo "pip-audit 2.10.1"; exit 0; fi\n'
        'while [ "$#" -gt 0 ]; do if [ "$1" = --output ]; then out="$2"; fi; shift; done\n'
        f"printf '%s' '{report_json}' > \"$out\"\n"
        f'echo "{output}" >&2\n'
        f"exit {exit_code}\n"
    )
    tool.chmod(0o755)
    return venv


def run_audit(venv: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), "requirements.txt"],
        env={"AUDIT_VENV": str(venv), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_known_vulnerability_fails_the_audit_and_names_the_fix(tmp_path):
    result = run_audit(fake_pip_audit(tmp_path, report=VULNERABLE, exit_code=1))
    assert result.returncode == 1
    assert "django 4.2.0: PYSEC-2023-100 (fixed in 4.2.2)" in result.stderr
    assert "rules" not in result.stderr


def test_no_vulnerability_passes(tmp_path):
    result = run_audit(fake_pip_audit(tmp_path, report=CLEAN, exit_code=0))
    assert result.returncode == 0
    assert result.stdout.strip() == "dependency audit: no known vulnerabilities in 1 packages"


@pytest.mark.parametrize(
    ("report", "exit_code", "output"),
    [(None, 1, CONNECTION_FAILURE), (NOT_ANSWERED, 0, "")],
    ids=["connection-refused", "service-answers-for-no-package"],
)
def test_an_unreachable_service_is_one_line_and_ci_goes_on(tmp_path, report, exit_code, output):
    result = run_audit(fake_pip_audit(tmp_path, report=report, exit_code=exit_code, output=output))
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert result.stdout.startswith("dependency audit skipped:")


def test_pip_audit_failing_for_another_reason_fails_the_audit(tmp_path):
    result = run_audit(fake_pip_audit(tmp_path, report=None, exit_code=1, output="error: unknown option"))
    assert result.returncode == 2
    assert "unknown option" in result.stderr
