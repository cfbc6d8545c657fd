import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from passeurs.matching import orlib


def run_main(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = orlib.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_reads_an_instance_across_lines_and_spaces():
    costs = orlib.parse_instance("3\n 1 2 3\n4 5\n6 7 8 9\n")
    assert costs.tolist() == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_a_written_instance_reads_back_the_same(n, seed):
    costs = orlib.generate(n, seed)
    out = io.StringIO()
    orlib.write_instance(costs, out)
    assert np.array_equal(orlib.parse_instance(out.getvalue()), costs)


def test_generated_costs_are_reproducible_and_within_bounds():
    costs = orlib.generate(60, 5)
    assert np.array_equal(costs, orlib.generate(60, 5))
    assert costs.min() >= 1
    assert costs.max() <= 1_000_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "vide"),
        ("-2 1 2", "entier positif"),
        ("0", "entier positif"),
        ("2 1 2 3", "4 coûts attendus"),
        ("2 1 2 3 4 5", "4 coûts attendus"),
        ("2 1 2 x 4", "« x » n’est pas un entier"),
        ("2 1 2 3.5 4", "n’est pas un entier"),
    ],
)
def test_malformed_instances_are_refused_with_a_reason(text, message):
    with pytest.raises(orlib.OrlibError, match=message):
        orlib.parse_instance(text)


def test_malformed_capacities_and_forbidden_pairs_are_refused():
    with pytest.raises(orlib.OrlibError, match="3 valeurs attendues"):
        orlib.parse_capacities("1 2", 3)
    with pytest.raises(orlib.OrlibError, match="négative"):
        orlib.parse_capacities("1 -2 1", 3)
    with pytest.raises(orlib.OrlibError, match="ligne 2"):
        orlib.parse_forbidden("1 1\n1 2 3\n", 3)
    with pytest.raises(orlib.OrlibError, match="entre 1 et 3"):
        orlib.parse_forbidden("4 1\n", 3)
    assert orlib.parse_forbidden("# commentaire\n1 3\n\n2 2  # fin\n", 3) == {(0, 2), (1, 1)}


def test_solve_prints_the_optimal_cost_and_the_time(tmp_path):
    path = write(tmp_path, "instance.txt", "3\n4 1 3\n2 0 5\n3 2 2\n")
    code, out, err = run_main("solve", path)
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "optimal total cost: 5"
    assert lines[1].startswith("time: ")
    assert lines[1].endswith(" s")


def test_solve_agrees_with_scipy_on_a_generated_file(tmp_path):
    path = str(tmp_path / "generated.txt")
    assert run_main("generate", "--n", "80", "--seed", "11", "--output", path)[0] == 0
    costs = orlib.parse_instance((tmp_path / "generated.txt").read_text())
    rows, cols = linear_sum_assignment(costs)
    code, out, _err = run_main("solve", path)
    assert code == 0
    assert out.splitlines()[0] == f"optimal total cost: {int(costs[rows, cols].sum())}"


def test_solve_with_capacities_and_forbidden_pairs(tmp_path):
    path = write(tmp_path, "instance.txt", "3\n1 9 9\n1 9 9\n1 9 9\n")
    capacities = write(tmp_path, "capacities.txt", "2 1 0\n")
    forbid = write(tmp_path, "forbid.txt", "1 1\n")
    code, out, _err = run_main("solve", path, "--capacities", capacities, "--forbid", forbid)
    assert code == 0
    # Rows 2 and 3 take column 1 (capacity 2); row 1 cannot, so it takes column 2.
    assert out.splitlines()[0] == "optimal total cost: 11"


def test_solve_says_how_many_rows_are_matched_when_not_all_can_be(tmp_path):
    path = write(tmp_path, "instance.txt", "2\n1 2\n3 4\n")
    capacities = write(tmp_path, "capacities.txt", "1 0\n")
    code, out, _err = run_main("solve", path, "--capacities", capacities)
    assert code == 0
    assert out.splitlines()[:2] == ["optimal total cost: 1", "matched rows: 1 of 2"]


def test_a_malformed_file_exits_with_code_2_and_a_french_message(tmp_path):
    path = write(tmp_path, "instance.txt", "3\n1 2 3\n")
    code, out, err = run_main("solve", path)
    assert code == 2
    assert out == ""
    assert err.startswith("Erreur : Instance : 3 × 3 = 9 coûts attendus")


def test_a_missing_file_exits_with_code_2(tmp_path):
    code, _out, err = run_main("solve", str(tmp_path / "absent.txt"))
    assert code == 2
    assert "lecture" in err


def test_generate_writes_to_standard_output():
    code, out, _err = run_main("generate", "--n", "4", "--seed", "1")
    assert code == 0
    assert np.array_equal(orlib.parse_instance(out), orlib.generate(4, 1))


def test_the_management_command_delegates(tmp_path):
    from django.apps import apps
    from django.core.management import CommandError, call_command

    if not apps.is_installed("passeurs.pairing"):
        pytest.skip("the pairing app is not installed yet")
    path = write(tmp_path, "instance.txt", "2\n1 2\n3 4\n")
    out = io.StringIO()
    call_command("match", "solve", path, stdout=out)
    assert out.getvalue().startswith("optimal total cost: 5")
    bad = write(tmp_path, "bad.txt", "2\n1\n")
    with pytest.raises(CommandError, match="coûts attendus") as caught:
        call_command("match", "solve", bad)
    assert caught.value.returncode == 2
