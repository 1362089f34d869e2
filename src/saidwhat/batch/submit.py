"""The script spark-submit runs: ``saidwhat spark`` with the arguments that follow it.

    spark-submit --master spark://host:7077 \\
        "$(python -c 'import saidwhat.batch.submit as s; print(s.__file__)')" \\
        hdfs:///corpus/pages/ --out hdfs:///corpus/saidwhat --format parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder heads sys.path; its modules must not shadow others.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def main(argv: list[str] | None = None) -> None:
    """Run ``saidwhat spark ARGS...`` (spark-submit passes the arguments after the script)."""
    from saidwhat.cli import app

    app(["spark", *(sys.argv[1:] if argv is None else argv)], prog_name="saidwhat")


if __name__ == "__main__":
    main()
