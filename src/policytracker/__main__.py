"""``python -m policytracker``."""

from policytracker.cli import main

main()
