"""Build the site in this folder: `python build.py` does what `confsite build` does."""
import sys

from confsite.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
