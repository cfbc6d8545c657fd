"""`python -m passeurs.bench` (what `make bench` runs): see the package's docstring."""

import sys

from passeurs.bench import main

if __name__ == "__main__":
    sys.exit(main())
