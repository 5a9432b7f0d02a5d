"""Read pip-audit's JSON report and exit status: findings fail, an unreachable service does not.

python3 .ci/audit_verdict.py REPORT.json PIP_AUDIT_OUTPUT.log EXIT_STATUS
Exit 0: no known vulnerability, or the vulnerability service could not be reached (one line says so).
Exit 1: known vulnerabilities (listed). Exit 2: pip-audit failed for another reason (its output shown).
"""

import json
import sys
from pathlib import Path

# What a failed connection looks like in pip-audit's output (requests / urllib3 errors).
NETWORK_ERRORS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "ProxyError",
    "NameResolutionError",
    "Max retries exceeded",
    "Failed to resolve",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Connection refused",
)
# A package the service does not answer for is skipped with this reason; when it is every
# package, the service is not really there (e.g. a registry mirror without the JSON API).
NOT_AUDITED = "could not be audited"


def verdict(report_text: str, log_text: str, status: int) -> tuple[int, str]:
    try:
        dependencies = json.loads(report_text)["dependencies"] if report_text.strip() else None
    except (ValueError, KeyError, TypeError):
        dependencies = None

    if dependencies is None:
        if any(marker in log_text for marker in NETWORK_ERRORS):
            return 0, "dependency audit skipped: the vulnerability service could not be reached"
        if status == 0:
            return 2, "dependency audit: pip-audit wrote no report\n" + log_text
        return 2, f"dependency audit: pip-audit failed (exit {status})\n" + log_text

    vulnerable = [d for d in dependencies if d.get("vulns")]
    if vulnerable:
        lines = [f"dependency audit: {len(vulnerable)} package(s) with known vulnerabilities"]
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fix = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                lines.append(f"  {dependency['name']} {dependency.get('version', '?')}: {vuln['id']} (fixed in {fix})")
        return 1, "\n".join(lines)

    skipped = [d for d in dependencies if NOT_AUDITED in d.get("skip_reason", "")]
    if dependencies and len(skipped) == len(dependencies):
        return 0, (
            f"dependency audit skipped: the vulnerability service answered for none of {len(dependencies)} packages"
        )
    if status != 0:
        return 2, f"dependency audit: pip-audit failed (exit {status})\n" + log_text
    note = f" ({len(skipped)} not audited: {', '.join(d['name'] for d in skipped)})" if skipped else ""
    return 0, f"dependency audit: no known vulnerabilities in {len(dependencies) - len(skipped)} packages{note}"


def main(argv: list[str]) -> int:
    report_path, log_path, status = argv[1], argv[2], int(argv[3])
    report = Path(report_path).read_text() if Path(report_path).exists() else ""
    log = Path(log_path).read_text() if Path(log_path).exists() else ""
    code, message = verdict(report, log, status)
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
