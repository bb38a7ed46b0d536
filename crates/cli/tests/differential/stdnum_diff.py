"""Differential test of `regdesk validate` against python-stdnum (an independent
implementation of GB 11643 and GB 32100), on generated numbers.

Intended differences, excluded by construction and checked separately:
  * ID numbers: stdnum rejects county codes missing from its table or not assigned in the
    birth year (we only warn: retired and re-used codes are on real cards), and accepts future
    or pre-1900 birth dates (we refuse them). The reference verdict is therefore stdnum's with
    its birth-place lookup left out (length, digits, check character, birth date). Generated numbers use
    region codes stdnum knows and birth dates from 1900 to 2026-11-25.
  * USCC: stdnum demands digits in positions 1-8; GB 32100 allows letters for the
    registration authority and category (positions 1-2: Y, A, N …), which we accept.
    Positions 3-8 (the division code) are digits for both.
Usage: python3 stdnum_diff.py PATH_TO_REGDESK [COUNT]
"""
import datetime
import json
import random
import subprocess
import sys

from stdnum.cn import ric, uscc

regdesk, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000
rng = random.Random(20261125)
REGIONS = ["110105", "500101", "500103", "310104", "440305", "510104", "330106", "420102"]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def mutate(s, alphabet):
    i = rng.randrange(len(s))
    c = rng.choice([a for a in alphabet if a != s[i]])
    return s[:i] + c + s[i + 1:]


def ric_numbers():
    start = datetime.date(1900, 1, 1).toordinal()
    end = datetime.date(2026, 11, 25).toordinal()
    for _ in range(count):
        birth = datetime.date.fromordinal(rng.randint(start, end)).strftime("%Y%m%d")
        body = rng.choice(REGIONS) + birth + "%03d" % rng.randrange(1000)
        valid = body + ric.calc_check_digit(body + "0")
        yield valid
        yield mutate(valid, "0123456789X")


def uscc_codes():
    for _ in range(count):
        body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(ALPHABET) for _ in range(9))
        valid = body + uscc.calc_check_digit(body + "0")
        yield valid
        yield mutate(valid, ALPHABET)


def ric_reference(number):
    """stdnum's verdict without its birth-place lookup (our intended region leniency)."""
    try:
        ric.validate(number)
        return True
    except ric.InvalidComponent:
        try:
            ric.get_birth_date(number)
        except ric.InvalidComponent:
            return False
        return True  # only the place lookup failed
    except Exception:
        return False


def regdesk_validate(kind, values):
    out = subprocess.run([regdesk, "validate", kind], input="\n".join(values) + "\n",
                         capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


failures = 0
checked = 0
for kind, reference, values in [("id-number", ric_reference, list(ric_numbers())), ("uscc", uscc.is_valid, list(uscc_codes()))]:
    for value, row in zip(values, regdesk_validate(kind, values)):
        checked += 1
        # A mutated birth date can land in the future: our stricter rule, not a disagreement.
        if kind == "id-number" and row["code"] == "id_number.birth_date" and reference(value):
            continue
        if row["valid"] != reference(value):
            failures += 1
            print(f"DISAGREE {kind} {value}: regdesk {row['valid']} ({row['code']}), stdnum {reference(value)}")
        if not row["valid"] and not row["code"]:
            failures += 1
            print(f"NO CODE {kind} {value}")

# The intended differences, asserted so they stay intended.
row = regdesk_validate("id-number", ["990101199001011230"])[0]
if not (row["valid"] and row["regionKnown"] is False):
    failures += 1
    print("unknown region should be valid with a warning:", row)
row = regdesk_validate("id-number", ["500101" + "20991231" + "123" + ric.calc_check_digit("50010120991231123" + "0")])[0]
if row["code"] != "id_number.birth_date":
    failures += 1
    print("future birth date should be refused:", row)

print(f"{checked - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
