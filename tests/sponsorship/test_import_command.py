"""`manage.py import_avsi`: the same import from the command line, --dry-run included."""

import pytest
from django.core.management import CommandError, call_command

from sponsorship.models import Contribution, SponsoredChild
from tests.data.avsi_rows import DATA, child_row, contribution_row, csv_bytes


def test_dry_run_prints_the_counts_and_saves_nothing(sponsorship_officer, capsys):
    call_command("import_avsi", str(DATA / "avsi_sample.csv"), "--user", "sponsorship_officer", "--dry-run")

    output = capsys.readouterr().out
    assert "Dry run: nothing was saved." in output
    assert not SponsoredChild.objects.exists()


def test_the_sample_is_imported(sponsorship_officer, capsys):
    call_command("import_avsi", str(DATA / "avsi_sample.xlsx"), "--user", "sponsorship_officer")

    assert "Imported." in capsys.readouterr().out
    assert SponsoredChild.objects.count() == 4 and Contribution.objects.count() == 6


def test_rejected_rows_are_printed_and_nothing_is_imported(sponsorship_officer, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(child_row(), contribution_row(child="RU-C-0404")))

    with pytest.raises(CommandError, match="1 rows rejected"):
        call_command("import_avsi", str(path), "--user", "sponsorship_officer")

    assert "row 3:" in capsys.readouterr().err
    assert not SponsoredChild.objects.exists()


@pytest.mark.parametrize(
    ("path", "user", "message"),
    [
        ("missing.csv", "sponsorship_officer", "No such file"),
        (str(DATA / "avsi_sample.csv"), "nobody", "No active user"),
        (str(DATA / "avsi_sample.csv"), "manager", "may not change sponsorship data"),
        (str(DATA / "avsi_rows.py"), "sponsorship_officer", "Upload an .xlsx or .csv file."),
    ],
)
def test_bad_arguments_stop_with_a_message(path, user, message, sponsorship_officer, manager):
    with pytest.raises(CommandError, match=message):
        call_command("import_avsi", path, "--user", user)
