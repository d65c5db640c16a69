import sys

from confsite.cli import main

sys.exit(main())
