"""``python -m warclaims`` runs the CLI."""

from warclaims.cli.app import main

main()
