"""`python -m game` runs the same command line as `near-abroad`."""

from game.cli import main

raise SystemExit(main())
