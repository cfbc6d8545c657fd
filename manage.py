#!/usr/bin/env python
from passeurs.cli import main

if __name__ == "__main__":
    main()
