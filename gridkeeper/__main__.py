import sys

from gridkeeper.cli import main

sys.exit(main())
