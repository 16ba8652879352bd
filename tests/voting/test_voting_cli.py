"""``ashar tally``: JSON contract, readable table, bad files exit 2 with the line."""
import json

from click.testing import CliRunner

from cli.tally import tally


def test_json_contract(pabulib_dir):
    result = CliRunner().invoke(tally, [str(pabulib_dir / "Poland_Swiecie_2023.pb"),
                                        "--rule", "mes_add1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["rule"] == "mes_add1"
    assert data["selected"] == sorted(data["selected"])  # as strings: c10 before c2
    assert data["selected"][:2] == ["c1", "c10"]
    assert data["spent"] == 1040337
    assert data["explanations"]["c1"]["code"] == "mes_selected"


def test_table(pabulib_dir):
    result = CliRunner().invoke(tally, [str(pabulib_dir / "Netherlands_Assen_2024.pb"), "--rule", "greedy"])
    assert result.exit_code == 0
    assert "spent 99,200 of 100,000" in result.stdout
    assert "greedy_skipped" in result.stdout


def test_bad_file_exits_2_with_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text("META\nkey;value\nbudget;ten\nvote_type;approval\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n")
    result = CliRunner().invoke(tally, [str(bad), "--rule", "greedy", "--json"])
    assert result.exit_code == 2
    assert "line 3:" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = CliRunner().invoke(tally, [str(tmp_path / "none.pb"), "--rule", "mes"])
    assert result.exit_code == 2
