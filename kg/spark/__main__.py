"""``spark-submit`` entry point: ``spark-submit [--master URL] kg/spark/__main__.py ARTICLES… [kg spark options]``
(or ``python -m kg.spark ARTICLES…``): the same as ``kg spark``, with the master ``spark-submit`` was given."""

import sys

from kg.cli import app


def main() -> None:
    app(["spark", *sys.argv[1:]], prog_name="kg spark")


if __name__ == "__main__":
    main()
