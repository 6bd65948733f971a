import sys

from ivb.cli import main

sys.exit(main())
