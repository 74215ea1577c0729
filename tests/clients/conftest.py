"""mem0 reads MEM0_TELEMETRY once, at import: off before any test module here imports it."""

import os

os.environ["MEM0_TELEMETRY"] = "False"
